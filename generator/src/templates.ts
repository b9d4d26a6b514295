// The Handlebars templates in generator/templates/: how generated files look. Compiled once per
// name (a pure memo of files that do not change during a process); every value a template places
// is already safe for its spot (emit/safe.ts), so nothing is escaped here.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

export type Template = Handlebars.TemplateDelegate;

const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
const compiled = new Map<string, Template>();

/** The template `generator/templates/<name>.hbs`. */
export function template(name: string): Template {
  let t = compiled.get(name);
  if (!t) {
    t = Handlebars.compile(readFileSync(join(TEMPLATES, `${name}.hbs`), 'utf8'), { noEscape: true, strict: true });
    compiled.set(name, t);
  }
  return t;
}
