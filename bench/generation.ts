/**
 * Generation speed: our full `generate` of all nine APIs (reconcile → lint → verify → emit every
 * package) vs openapi-typescript alone and @hey-api/openapi-ts generating SDKs from the same nine
 * reconciled documents (each tool in one cold process, as it is run, and ours with `--no-cache`:
 * every prettier, openapi-typescript and lint step computed), interleaved; `generate` of one API
 * beside nine, stage by stage; `generate` with its step cache warm. (Turbo and incremental runs:
 * pipeline.ts.)
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, TMP, median, ms, ratio, runTimed, s, table } from './lib/measure.js';
import type { Section } from './lib/report.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const require = createRequire(import.meta.url);
const GENERATOR = join(ROOT, 'generator', 'dist', 'cli.js');
const OTS = join(require.resolve('openapi-typescript/package.json'), '..', 'bin', 'cli.js');
const HEY_API = join(require.resolve('@hey-api/openapi-ts/package.json'), '..', 'bin', 'run.js');
/** The API measured alone, beside all nine. */
const ONE = 'application';
/** The upstream mirror the repository itself uses (the sandbox has none beside it). */
const MIRROR = ['--upstream', process.env['LOSANT_UPSTREAM_DIR'] ?? join(ROOT, '..', 'shared', 'upstream')];

type Stages = Map<string, number[]>;

function stagesOf(stdout: string, into: Stages): void {
  for (const m of stdout.matchAll(/^\s+(\d+) ms {2}(.+)$/gm))
    into.set(m[2]!, [...(into.get(m[2]!) ?? []), Number(m[1])]);
}

export async function generation(): Promise<Section> {
  const out = join(TMP, 'generation');
  await rm(out, { recursive: true, force: true });
  // A sandbox repository (our spec/, LICENSE, package.json): `generate --api` there never touches the real packages.
  const repo = join(out, 'repo');
  await mkdir(repo, { recursive: true });
  for (const f of ['spec', 'LICENSE', 'package.json']) await cp(join(ROOT, f), join(repo, f), { recursive: true });
  await runTimed(process.execPath, [GENERATOR, 'generate', '--root', repo, ...MIRROR]);
  const apis = (await readdir(join(repo, 'generated'), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const docs = apis.map((api) => join(repo, 'generated', api, 'openapi.json'));
  const actionsOf = async (doc: string) =>
    Object.values(JSON.parse(await readFile(doc, 'utf8')).paths as Record<string, object>).reduce(
      (n, item) => n + Object.keys(item).length,
      0,
    );
  const actions = {
    one: await actionsOf(docs[apis.indexOf(ONE)]!),
    all: (await Promise.all(docs.map(actionsOf))).reduce((a, b) => a + b, 0),
  };

  // openapi-typescript: all nine in one run (its Redocly multi-API config); hey-api: an array of nine configs in one run.
  const otsConfig = join(out, 'ots', 'redocly.yaml');
  await mkdir(join(out, 'ots'), { recursive: true });
  await writeFile(
    otsConfig,
    `apis:\n${apis.map((api, i) => `  ${api}@v1:\n    root: ${docs[i]}\n    x-openapi-ts:\n      output: ${join(out, 'ots', `${api}.ts`)}\n`).join('')}`,
  );
  const heyConfig = join(out, 'hey', 'openapi-ts.config.mjs');
  await mkdir(join(out, 'hey'), { recursive: true });
  /** hey-api's config: one client-fetch SDK per reconciled document (rewritten before each run, as hey-api's output folder is). */
  const writeHeyConfig = () =>
    writeFile(
      heyConfig,
      `export default ${JSON.stringify(
        apis.map((api, i) => ({
          input: docs[i],
          output: join(out, 'hey', api),
          plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
          logs: { level: 'silent', file: false },
        })),
        null,
        2,
      )};\n`,
    );
  await writeHeyConfig();

  const runs = {
    nine: [] as number[],
    one: [] as number[],
    warm: [] as number[],
    openapiTypescript: [] as number[],
    heyApi: [] as number[],
  };
  const stages = { nine: new Map() as Stages, one: new Map() as Stages, warm: new Map() as Stages };
  for (let i = 0; i < RUNS; i++) {
    const nine = await runTimed(process.execPath, [
      GENERATOR,
      'generate',
      '--no-cache',
      '--root',
      repo,
      ...MIRROR,
      '--timings',
    ]);
    runs.nine.push(nine.ms);
    stagesOf(nine.stdout, stages.nine);
    // The same run with the step cache warm (the sandbox's own, filled by the run before): what a
    // maintainer waits for when nothing the steps read has changed.
    const warm = await runTimed(process.execPath, [GENERATOR, 'generate', '--root', repo, ...MIRROR, '--timings']);
    runs.warm.push(warm.ms);
    stagesOf(warm.stdout, stages.warm);
    const one = await runTimed(process.execPath, [
      GENERATOR,
      'generate',
      '--no-cache',
      '--root',
      repo,
      ...MIRROR,
      '--api',
      ONE,
      '--timings',
    ]);
    runs.one.push(one.ms);
    stagesOf(one.stdout, stages.one);
    runs.openapiTypescript.push(
      (await runTimed(process.execPath, [OTS, '--redocly', otsConfig], { cwd: join(out, 'ots') })).ms,
    );
    await rm(join(out, 'hey'), { recursive: true, force: true, maxRetries: 2 }).then(() =>
      mkdir(join(out, 'hey'), { recursive: true }),
    );
    await writeHeyConfig();
    runs.heyApi.push((await runTimed(process.execPath, [HEY_API, '-f', heyConfig], { cwd: join(out, 'hey') })).ms);
  }

  const m = {
    nine: median(runs.nine),
    one: median(runs.one),
    stepsWarm: median(runs.warm),
    ots: median(runs.openapiTypescript),
    hey: median(runs.heyApi),
  };
  const vsOts = m.nine / m.ots;
  const vsHey = m.nine / m.hey;
  const per100 = (v: number, n: number) => ms((v / n) * 100);
  const stageNames = [...new Set([...stages.one.keys(), ...stages.nine.keys()])];
  const markdown = [
    table(
      [`run (cold process, median of ${RUNS})`, 'wall time', 'ratio to openapi-typescript'],
      [
        [
          `\`generate\`, all ${apis.length} APIs (${actions.all} actions): reconcile, lint, verify, emit every package`,
          s(m.nine),
          ratio(vsOts),
        ],
        [`\`generate --api ${ONE}\` (${actions.one} actions)`, s(m.one), ratio(m.one / m.ots)],
        [
          `\`generate\`, all ${apis.length} APIs, step cache warm (no input changed)`,
          s(m.stepsWarm),
          ratio(m.stepsWarm / m.ots),
        ],
        [
          `openapi-typescript 7.13 CLI: one \`.ts\` per reconciled document, all ${apis.length} in one run`,
          s(m.ots),
          ratio(1),
        ],
        [
          `@hey-api/openapi-ts 0.95 CLI: a client-fetch SDK per reconciled document, all ${apis.length} in one run`,
          s(m.hey),
          ratio(m.hey / m.ots),
        ],
      ],
    ),
    '',
    `Where a \`generate\` run spends its time, one API beside nine (\`generate --no-cache --timings\`, median ms; stages marked ∥ overlap the emit; the cost per 100 actions should not grow with the number of APIs), and nine with the step cache warm:`,
    '',
    table(
      [
        'stage',
        `one API (${actions.one} actions)`,
        `nine APIs (${actions.all} actions)`,
        'per 100 actions, one',
        'per 100 actions, nine',
        'nine, step cache warm',
      ],
      stageNames.map((stage) => {
        const one = stages.one.get(stage);
        const nine = stages.nine.get(stage);
        const warm = stages.warm.get(stage);
        return [
          stage + (/lint|verify/.test(stage) ? ' ∥' : ''),
          one ? ms(median(one)) : '—',
          nine ? ms(median(nine)) : '—',
          one && !/startup/.test(stage) ? per100(median(one), actions.one) : '—',
          nine && !/startup/.test(stage) ? per100(median(nine), actions.all) : '—',
          warm ? ms(median(warm)) : '—',
        ];
      }),
    ),
  ].join('\n');
  return {
    name: 'generation',
    markdown,
    goals: [
      {
        goal: 'cold `generate` (nine APIs) ≤ 3× openapi-typescript (nine documents)',
        measured: ratio(vsOts),
        met: vsOts <= 3,
      },
      { goal: 'cold `generate` (nine APIs) ≤ 2× hey-api (nine documents)', measured: ratio(vsHey), met: vsHey <= 2 },
    ],
    data: {
      runs: RUNS,
      apis,
      actions,
      wallMs: runs,
      stagesMs: {
        one: Object.fromEntries(stages.one),
        nine: Object.fromEntries(stages.nine),
        warm: Object.fromEntries(stages.warm),
      },
      medians: m,
    },
  };
}
