// `pnpm spec:bump`: move to new upstream revisions, and classify what changed for users.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRunContext } from '../context.js';
import { formatLock, loadLock } from '../inputs/lock.js';
import { pinSources, type Origins } from '../inputs/pin.js';
import { parseJson } from '../inputs/parse.js';
import {
  buildAll,
  buildModels,
  readSurface,
  resolveUpstreamDir,
  writeGenerated,
  type GenerateResult,
} from '../pipeline.js';
import { UMBRELLA_NAME } from '../naming.js';
import { maxLevel } from '../surface/compat.js';
import { diffSurfaces, type PackageDiff } from '../surface/diff.js';

export interface BumpOptions {
  root: string;
  /** OpenAPI revision to move to (default: the locked one). */
  openapi?: string;
  /** Docs-index and schemas version to move to (default: the locked one). */
  docs?: string;
  upstreamDir?: string;
  /** Classify and report, write nothing. */
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface BumpResult {
  from: { openapi: string; docs: string };
  to: { openapi: string; docs: string };
  packages: PackageDiff[];
  changesets: string[];
  summary: string;
}

/**
 * `pnpm spec:bump`: pin the new upstream revisions, regenerate, diff the new API surface
 * against the committed snapshot, classify each package's change, and write one changeset per
 * changed package (plus the umbrella, which re-exports them all). Nothing is written on --dry-run.
 */
export async function bump(o: BumpOptions): Promise<BumpResult> {
  const log = o.log ?? (() => {});
  const specDir = join(o.root, 'spec');
  const current = await loadLock(join(specDir, 'sources.lock.json'));
  const originsFile = join(specDir, 'origins.json');
  const origins = parseJson(await readFile(originsFile, 'utf8'), originsFile) as Origins;
  const to = { openapi: o.openapi ?? current.openapi.revision, docs: o.docs ?? current.docsIndex.apiVersion };
  const from = { openapi: current.openapi.revision, docs: current.docsIndex.apiVersion };
  const mirror = resolveUpstreamDir(o.root, o.upstreamDir);
  const next = await pinSources({
    origins,
    originsFile,
    openapiRevision: to.openapi,
    docsVersion: to.docs,
    mirrorDir: mirror,
  });

  log(`building ${from.openapi} / ${from.docs} (current) and ${to.openapi} / ${to.docs} (new)`);
  // Both builds on the repository's step cache (content-addressed: it changes no output), so the
  // current revision's schemas are taken from it when an earlier run built them.
  const context = createRunContext({ cacheDir: join(o.root, 'node_modules', '.cache', 'losant-sdk', 'steps') });
  const quiet = { root: o.root, context, ...(o.upstreamDir ? { upstreamDir: o.upstreamDir } : {}) };
  // The current revision is built only for its schemas (what changed structurally); overlay
  // entries for resources it does not have yet (mapped for the new revision) are skipped.
  const { before, after } = await (async () => ({
    before: await buildModels({ ...quiet, lock: current, lenient: true }),
    after: await buildAll({ ...quiet, lock: next }),
  }))().finally(() => context.close());

  const packages: PackageDiff[] = [];
  for (const [api, surface] of Object.entries(after.surfaces)) {
    const committed = (await readSurface(specDir, api)) ?? {
      api,
      apiVersion: from.docs,
      sources: { openapi: from.openapi, docsIndex: from.docs },
      packages: {},
    };
    const models = {
      before: before.models.get(api),
      after: after.builds.find((b) => b.api === api)!.model,
    };
    packages.push(...diffSurfaces(committed, surface, models));
  }
  const umbrellaLevel = maxLevel(packages.filter((p) => p.name !== UMBRELLA_NAME).map((p) => p.level));
  if (umbrellaLevel && !packages.some((p) => p.name === UMBRELLA_NAME)) {
    // The umbrella re-exports every package: its notes say what changed in each.
    const changes = packages.map((p) => ({
      level: p.level,
      text: `\`${p.name}\` (${p.level}): ${p.changes
        .slice(0, 3)
        .map((c) => c.text)
        .join('; ')}${p.changes.length > 3 ? `; and ${p.changes.length - 3} more` : ''}`,
    }));
    packages.push({ name: UMBRELLA_NAME, level: umbrellaLevel, changes });
  }
  packages.sort((a, b) => (a.name < b.name ? -1 : 1));

  const title = `Losant API spec bump: docs index ${from.docs} → ${to.docs}, OpenAPI revision ${from.openapi} → ${to.openapi}`;
  const changesets = packages.map((p) => ({
    file: `.changeset/spec-bump-${slug(to.docs)}-${slug(to.openapi)}-${slug(p.name.split('/').pop()!)}.md`,
    text: changeset(p, title),
  }));
  const summary = table(packages, title, after);
  if (!o.dryRun) {
    await writeGenerated(o.root, after);
    await writeFile(join(specDir, 'sources.lock.json'), formatLock(next));
    await mkdir(join(o.root, '.changeset'), { recursive: true });
    for (const c of changesets) await writeFile(join(o.root, c.file), c.text);
  }
  return { from, to, packages, changesets: changesets.map((c) => c.file), summary };
}

function changeset(p: PackageDiff, title: string): string {
  const shown = p.changes.slice(0, 40).map((c) => `- ${c.level}: ${c.text}`);
  if (p.changes.length > 40)
    shown.push(`- … and ${p.changes.length - 40} more (compare spec/surface/ before and after)`);
  return ['---', `${JSON.stringify(p.name)}: ${p.level}`, '---', '', `${title}.`, '', ...shown, ''].join('\n');
}

function table(packages: PackageDiff[], title: string, after: GenerateResult): string {
  const lines = [title, ''];
  if (!packages.length) {
    lines.push('No API change: no changeset.');
    const sum = (f: (b: GenerateResult['builds'][number]) => number) => after.builds.reduce((n, b) => n + f(b), 0);
    lines.push(
      `(New upstream input: ${sum((b) => b.report.input.lint.errors)} lint errors, ${sum((b) => b.report.input.danglingRefs.count)} dangling refs; reconciled: ${sum((b) => b.report.output.operations)} operations, lint ${sum((b) => b.report.output.lint.errors)}/${sum((b) => b.report.output.lint.warnings)}.)`,
    );
    return lines.join('\n');
  }
  if (packages.every((p) => p.level === 'patch')) {
    lines.push(
      'No API change: every operation and parameter is the same, and every schema accepts the same JSON. Descriptions differ, or schemas are written differently, so the affected packages get a patch.',
      '',
    );
  }
  lines.push('| package | bump | changes |', '|---|---|---|');
  for (const p of packages)
    lines.push(
      `| ${p.name} | ${p.level} | ${p.changes.length}: ${p.changes[0]!.text}${p.changes.length > 1 ? ' …' : ''} |`,
    );
  return lines.join('\n');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
