// Debian's Chromium for the browser tests (the API reference site's and the ecosystem suite's):
// installed with apt-get when it is missing and this process is root, once for both (they may ask
// at the same moment: apt-get waits for dpkg's lock, and a failed attempt is tried once more unless
// the other install has brought it meanwhile). Never throws: `{ path }`, or `{ skip }` saying why not.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** @returns {{ path: string, skip?: undefined } | { skip: string, path?: undefined }} */
export function ensureChromium(label = 'tests') {
  if (existsSync(CHROMIUM)) return { path: CHROMIUM };
  if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0)
    return { skip: `${CHROMIUM} is missing and this process is not root, so it cannot apt-get install chromium` };
  if (!existsSync('/usr/bin/apt-get')) return { skip: `${CHROMIUM} is missing and there is no apt-get to install it` };
  console.log(`# ${label}: ${CHROMIUM} is missing: installing Debian's chromium with apt-get (this can take minutes)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => {
    const started = Date.now();
    const result = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
      env,
      encoding: 'utf8',
      timeout: 15 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(
      `# apt-get ${args.join(' ')}: exit ${result.status ?? result.signal ?? result.error?.message} after ${Math.round((Date.now() - started) / 1000)} s`,
    );
    return result.status === 0
      ? ''
      : `${result.stderr ?? ''}`.trim().split('\n').slice(-3).join(' / ') || `${result.error ?? 'failed'}`;
  };
  let problem = '';
  for (let attempt = 0; attempt < 2 && !existsSync(CHROMIUM); attempt++) {
    if (attempt) spawnSync('sleep', ['5']);
    // fonts-liberation: without a font Debian's Chromium draws no text in a screenshot.
    problem = apt(['update']) || apt(['install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation']);
  }
  if (existsSync(CHROMIUM)) return { path: CHROMIUM };
  return { skip: `apt-get could not install chromium: ${problem || `${CHROMIUM} still missing`}` };
}
