// The only way spec text reaches generated code. Every value the templates and printers place is made safe
// here, for the one context it goes into: a string literal, a block comment, an identifier, or
// markdown. Templates never see raw spec text.

/** A JavaScript string literal for any text (quotes, backslashes, `${`, `</script>`, U+2028/9 escaped). */
export function jsString(text: string): string {
  const literal = JSON.stringify(text);
  return /[\u2028\u2029<>]/.test(literal)
    ? literal
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029')
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
    : literal;
}

/** Text safe inside a `/** … *\/` block comment: one line, no terminator, no stray tags. */
export function commentText(text: string): string {
  if (!/[\r\n\u2028\u2029@]|\*\//.test(text)) return text.trim();
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\*\//g, '*\\/')
    .replace(/(^|\s)@/g, '$1\\@')
    .trim();
}

/**
 * Code safe inside a block comment and a Markdown fence (an `@example`): `*\/` and backticks can
 * occur only in its string literals, where the escapes mean the same.
 */
export function codeInComment(code: string): string {
  return code.replace(/\*\//g, '*\\/').replace(/`/g, '\\u0060');
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A class member or object key for a name from the spec: the name itself when it is an
 * identifier (reserved words are fine as member names), else a quoted string literal.
 */
export function memberName(name: string): string {
  return IDENT.test(name) ? name : jsString(name);
}

/**
 * An object-literal key (a value, not a type): like `memberName`, but `__proto__` is written as a
 * computed key, since `{ __proto__: x }` (quoted or not) sets the prototype instead of a property.
 */
export function valueKey(name: string): string {
  return name === '__proto__' ? `[${jsString(name)}]` : memberName(name);
}

/**
 * A class method name: the name itself when it is an identifier, else a computed key.
 * `constructor` is always computed: written plainly (or quoted) it would be the class
 * constructor, not a method.
 */
export function classMemberName(name: string): string {
  return IDENT.test(name) && name !== 'constructor' ? name : `[${jsString(name)}]`;
}

/** Property access for a member name: `.name` or `["na-me"]`. */
export function memberAccess(name: string): string {
  return IDENT.test(name) ? `.${name}` : `[${jsString(name)}]`;
}

/**
 * Spec text as Markdown text, for prose and table cells: nothing in it becomes markup. Every
 * ASCII punctuation character Markdown gives a meaning to is backslash-escaped (no emphasis,
 * links, images, headings or table breaks), HTML is entity-escaped, and URLs and e-mail
 * addresses are shown as code, so they stay visible but never become live links.
 */
export function markdownText(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
  return flat
    .split(LINK_LIKE)
    .map((part, i) => (i % 2 ? `\`${part}\`` : escapeInline(part)))
    .join('');
}

/** URLs (with or without a scheme) and e-mail addresses: what GitHub and npm would turn into links. */
const LINK_LIKE = /((?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>`|]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/i;

function escapeInline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]!~|]/g, '\\$&');
}
