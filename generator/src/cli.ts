#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GeneratorError, isGeneratorError } from './errors.js';
import { buildAll, writeGenerated } from './pipeline.js';

const USAGE = `usage: losant-sdk-gen generate [--root DIR] [--upstream DIR] [--api NAME]...

  generate     reconcile the upstream inputs and write every generated output
  --root       repository root (default: the current directory)
  --upstream   upstream mirror (default: $LOSANT_UPSTREAM_DIR, else ../shared/upstream beside the root,
               else download from the origins pinned in spec/sources.lock.json)
  --api        build only this API (spec/apis/<name>.yaml); repeatable`;

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        root: { type: 'string' },
        upstream: { type: 'string' },
        api: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return fail(new GeneratorError('USAGE', (e as Error).message, { hint: USAGE }));
  }
  const [command] = args.positionals;
  if (args.values.help || !command) {
    console.log(USAGE);
    return command || args.values.help ? 0 : 2;
  }
  if (command !== 'generate') return fail(new GeneratorError('USAGE', `unknown command "${command}"`, { hint: USAGE }));
  const root = resolve(args.values.root ?? process.cwd());
  try {
    const started = performance.now();
    const result = await buildAll({
      root,
      ...(args.values.upstream ? { upstreamDir: args.values.upstream } : {}),
      ...(args.values.api ? { apis: args.values.api } : {}),
      log: (l) => console.log(l),
    });
    await writeGenerated(root, result);
    console.log(`wrote ${result.files.size} files in ${Math.round(performance.now() - started)} ms`);
    return 0;
  } catch (e) {
    return fail(e);
  }
}

function fail(e: unknown): number {
  if (isGeneratorError(e)) {
    console.error(e.format());
    return e.code === 'USAGE' ? 2 : 1;
  }
  // Not one of ours: still say what happened in one line, then the stack for a bug report.
  console.error(`error INTERNAL: ${e instanceof Error ? e.message : String(e)}`);
  if (e instanceof Error && e.stack) console.error(e.stack.split('\n').slice(1).join('\n'));
  console.error('  fix: this is a generator bug; please report it with the command you ran');
  return 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
