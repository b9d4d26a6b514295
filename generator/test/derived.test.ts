// Lists that mirror another module's facts are checked against their one source, so that a copy
// cannot drift: core's exports (which the umbrella re-exports and no namespace may shadow), the
// prettier options the generator formats with, the response flags the testing kit accepts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PRETTIER_OPTIONS } from '../src/emit/workers.js';
import { CORE_EXPORTS, TAG_CORE_REEXPORTS, UMBRELLA_EXPORTS } from '../src/naming.js';
import { repoRoot } from './support/env.js';

/** The names a module's `export …` statements make (values and types), read with TypeScript's parser. */
function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause))
      for (const e of statement.exportClause.elements) names.push(e.name.text);
    else if (ts.isExportDeclaration(statement)) throw new Error(`${file}: \`export *\` hides what it exports`);
  }
  return names;
}

describe('lists derived from their one source', () => {
  it("CORE_EXPORTS is exactly what core's entry point exports", () => {
    const core = exportedNames(join(repoRoot, 'packages', 'core', 'src', 'index.ts'));
    expect([...CORE_EXPORTS].sort()).toEqual([...core].sort());
    for (const name of core) expect(UMBRELLA_EXPORTS.has(name), name).toBe(true);
    for (const name of [...TAG_CORE_REEXPORTS.values, ...TAG_CORE_REEXPORTS.types]) expect(core, name).toContain(name);
  });

  it("the generator formats with the repository's .prettierrc.json", () => {
    const rc = JSON.parse(readFileSync(join(repoRoot, '.prettierrc.json'), 'utf8')) as Record<string, unknown>;
    expect(PRETTIER_OPTIONS).toEqual(rc);
  });
});
