#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createRunContext } from './context.js';
import { GeneratorError, isGeneratorError } from './errors.js';
import { outOfDate } from './output/write.js';
import { buildAll, writeGenerated } from './pipeline.js';
import { bump } from './release/bump.js';

const USAGE = `usage: losant-sdk-gen generate [--check] [--root DIR] [--upstream DIR] [--api NAME]...
       losant-sdk-gen bump [--openapi REVISION] [--docs VERSION] [--dry-run] [--root DIR] [--upstream DIR]
       losant-sdk-gen lint [--root DIR]

  generate     reconcile the upstream inputs and write every generated output
  --timings    print the time each stage took
  --no-cache   run every prettier, openapi-typescript and lint step (by default their results are
               reused from node_modules/.cache/losant-sdk/steps, keyed by the sha256 of their input)
  --check      write nothing; exit 1 if a generated file is not what the generator produces: a
               committed one (package scaffolding, replay tests, API-surface snapshots) missing
               or different, or a package source present and different
  --root       repository root (default: the current directory)
  --upstream   upstream mirror (default: $LOSANT_UPSTREAM_DIR, else ../shared/upstream beside the root,
               else download from the origins pinned in spec/sources.lock.json)
  --api        build only this API (spec/apis/<name>.yaml); repeatable

  lint         lint every generated/<api>/openapi.json with spec/redocly.yaml (0 errors, 0 warnings)

  bump         move the sources lock to other upstream revisions (spec/origins.json lists them),
               regenerate, classify every package's change against the committed API surface,
               and write .changeset/ entries; --dry-run only reports`;

/** Run the CLI; returns the exit code (0 ok, 1 failed, 2 usage). Output goes to `io` (console by default). */
export async function main(
  argv: string[],
  io: { out: (l: string) => void; err: (l: string) => void } = { out: console.log, err: console.error },
): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        root: { type: 'string' },
        upstream: { type: 'string' },
        api: { type: 'string', multiple: true },
        check: { type: 'boolean' },
        timings: { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        openapi: { type: 'string' },
        docs: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return fail(new GeneratorError('USAGE', (e as Error).message, { hint: USAGE }), io.err);
  }
  const [command] = args.positionals;
  if (args.values.help || !command) {
    io.out(USAGE);
    return command || args.values.help ? 0 : 2;
  }
  if (command === 'lint') {
    try {
      const root = resolve(args.values.root ?? process.cwd());
      // Loaded for this command only: generate lints on its lint worker.
      const { lintDocument, loadLintConfig } = await import('./lint/redocly.js');
      const config = await loadLintConfig(join(root, 'spec', 'redocly.yaml'));
      let problems = 0;
      const entries = await readdir(join(root, 'generated'), { withFileTypes: true }).catch(() => []);
      for (const api of entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()) {
        const result = await lintDocument({ file: join(root, 'generated', api, 'openapi.json') }, config);
        for (const p of result.problems)
          io.err(`${p.severity} ${p.ruleId} at generated/${api}/openapi.json#${p.pointer}: ${p.message}`);
        problems += result.errors + result.warnings;
        io.out(`generated/${api}/openapi.json: ${result.errors} errors, ${result.warnings} warnings`);
      }
      if (problems)
        throw new GeneratorError('LINT_FAILED', `${problems} lint problems`, {
          hint: 'run `pnpm generate`: it refuses to write a spec that does not lint clean',
        });
      return 0;
    } catch (e) {
      return fail(e, io.err);
    }
  }
  if (command !== 'generate' && command !== 'bump')
    return fail(new GeneratorError('USAGE', `unknown command "${command}"`, { hint: USAGE }), io.err);
  const root = resolve(args.values.root ?? process.cwd());
  if (command === 'bump') {
    try {
      const result = await bump({
        root,
        ...(args.values.openapi ? { openapi: args.values.openapi } : {}),
        ...(args.values.docs ? { docs: args.values.docs } : {}),
        ...(args.values.upstream ? { upstreamDir: args.values.upstream } : {}),
        dryRun: args.values['dry-run'] === true,
        log: io.out,
      });
      io.out(result.summary);
      for (const f of result.changesets) io.out(`${args.values['dry-run'] ? 'would write' : 'wrote'} ${f}`);
      return 0;
    } catch (e) {
      return fail(e, io.err);
    }
  }
  const ctx = createRunContext({
    cacheDir: args.values['no-cache'] ? undefined : join(root, 'node_modules', '.cache', 'losant-sdk', 'steps'),
    log: io.out,
  });
  try {
    const started = performance.now();
    const result = await buildAll({
      root,
      ...(args.values.upstream ? { upstreamDir: args.values.upstream } : {}),
      ...(args.values.api ? { apis: args.values.api } : {}),
      context: ctx,
    });
    if (args.values.check) {
      const stale = [
        ...(await outOfDate(root, result.files, result.committed)),
        ...(await outOfDate(root, result.files, result.uncommitted, { wherePresent: true })),
      ].sort();
      if (stale.length) {
        throw new GeneratorError(
          'OUT_OF_DATE',
          `${stale.length} generated file(s) are out of date:\n${stale.map((f) => `  ${f}`).join('\n')}`,
          {
            hint: 'run `pnpm generate` and commit the result (for an input change, `pnpm spec:bump`)',
          },
        );
      }
      io.out(
        `all ${result.committed.length + result.uncommitted.length} generated files are up to date (${result.committed.length} committed)`,
      );
      return 0;
    }
    const written = await ctx.timings.timed('write', () => writeGenerated(root, result));
    io.out(
      `wrote ${written.written} of ${result.files.size} files (the others unchanged)${written.removed ? `, removed ${written.removed}` : ''} in ${Math.round(performance.now() - started)} ms`,
    );
    if (args.values.timings) {
      // performance.now() counts from process start: what came before `started` is Node and the imports.
      io.out(`  ${String(Math.round(started)).padStart(6)} ms  startup (node, imports)`);
      for (const [stage, ms] of ctx.timings.entries()) io.out(`  ${String(ms).padStart(6)} ms  ${stage}`);
      const cache = ctx.cache;
      io.out(
        cache.dir ? `  step cache: ${cache.hits} hits, ${cache.misses} misses (${cache.dir})` : '  step cache: off',
      );
    }
    return 0;
  } catch (e) {
    return fail(e, io.err);
  } finally {
    await ctx.close();
  }
}

function fail(e: unknown, err: (l: string) => void): number {
  if (isGeneratorError(e)) {
    err(e.format());
    return e.code === 'USAGE' ? 2 : 1;
  }
  // Not one of ours: still say what happened in one line, then the stack for a bug report.
  err(`error INTERNAL: ${e instanceof Error ? e.message : String(e)}`);
  if (e instanceof Error && e.stack) err(e.stack.split('\n').slice(1).join('\n'));
  err('  fix: this is a generator bug; please report it with the command you ran');
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
