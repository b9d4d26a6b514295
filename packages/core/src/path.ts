/**
 * Fill a path template. Every value is percent-encoded, so `a/b` stays one segment; the
 * dot segments `.` and `..`, which URL parsers resolve even when encoded, are refused by
 * validation before this runs.
 */
export function fillPath(template: string, values: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([^{}]+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])));
}
