/** Templates split once into literal text and parameter names: `['/applications/', 'applicationId', '/archiveData']`. */
const compiled = new Map<string, string[]>();

/**
 * Fill a path template. Every value is percent-encoded, so `a/b` stays one segment; the
 * dot segments `.` and `..`, which URL parsers resolve even when encoded, are refused by
 * validation before this runs.
 */
export function fillPath(template: string, values: Readonly<Record<string, unknown>>): string {
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{([^{}]+)\}/)));
  let path = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) path += encodeURIComponent(String(values[parts[i]!])) + parts[i + 1]!;
  return path;
}
