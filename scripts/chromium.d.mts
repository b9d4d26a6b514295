export declare const CHROMIUM: string;
/** Debian's Chromium, installed with apt-get when it is missing and this process is root. */
export declare function ensureChromium(
  label?: string,
): { path: string; skip?: undefined } | { skip: string; path?: undefined };
