// Markdown written as prettier prints it, so a README whose every value is plain text needs no
// prettier run (formatting the 42 READMEs cost ~2 s of CPU, most of it padding tables and
// formatting their code blocks). test/markdown.test.ts checks these against prettier itself.

/**
 * A table as prettier's markdown printer pads it (`proseWrap: 'preserve'`, columns left-aligned):
 * every column as wide as its widest cell and at least 3, cells padded with spaces after, the
 * delimiter row dashes. Cells must be `plainCell`s (widths are counted in characters).
 */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/**
 * Whether prettier prints this inline text exactly as written, in prose or a table cell: printable
 * ASCII words separated by single spaces, with none of the characters whose escaping or entity
 * prettier may rewrite (`\`, `&`, `*`, `_`, `<`, `>`), and backticks only in pairs (code spans). A
 * README with any other value goes through prettier, as before.
 */
export function plainCell(text: string): boolean {
  return /^[!-~]+(?: [!-~]+)*$/.test(text) && !/[\\&*_<>]/.test(text) && (text.match(/`/g)?.length ?? 0) % 2 === 0;
}
