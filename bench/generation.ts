/**
 * Generation speed: our full `generate` of all nine APIs (reconcile → lint → verify → emit every
 * package) vs openapi-typescript alone and @hey-api/openapi-ts generating SDKs from the same nine
 * reconciled documents (each tool in one cold process, as it is run), interleaved; `generate` of
 * one API beside nine, stage by stage; plus Turbo warm (cache hit) vs cold (--force).
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, TMP, median, ms, ratio, runTimed, s, table, verdict } from './lib/measure.js';
import type { Section } from './lib/report.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const require = createRequire(import.meta.url);
const GENERATOR = join(ROOT, 'generator', 'dist', 'cli.js');
const OTS = join(require.resolve('openapi-typescript/package.json'), '..', 'bin', 'cli.js');
const HEY_API = join(require.resolve('@hey-api/openapi-ts/package.json'), '..', 'bin', 'run.js');
const TURBO = join(ROOT, 'node_modules', '.bin', 'turbo');
const TURBO_ENV = { TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
/** The API measured alone, beside all nine. */
const ONE = 'application';
/** The upstream mirror the repository itself uses (the sandbox has none beside it). */
const MIRROR = ['--upstream', process.env['LOSANT_UPSTREAM_DIR'] ?? join(ROOT, '..', 'shared', 'upstream')];

type Stages = Map<string, number[]>;

function stagesOf(stdout: string, into: Stages): void {
  for (const m of stdout.matchAll(/^\s+(\d+) ms {2}(.+)$/gm)) into.set(m[2]!, [...(into.get(m[2]!) ?? []), Number(m[1])]);
}

export async function generation(): Promise<Section> {
  const out = join(TMP, 'generation');
  await rm(out, { recursive: true, force: true });
  // A sandbox repository (our spec/, LICENSE, package.json): `generate --api` there never touches the real packages.
  const repo = join(out, 'repo');
  await mkdir(repo, { recursive: true });
  for (const f of ['spec', 'LICENSE', 'package.json']) await cp(join(ROOT, f), join(repo, f), { recursive: true });
  await runTimed(process.execPath, [GENERATOR, 'generate', '--root', repo, ...MIRROR]);
  const apis = (await readdir(join(repo, 'generated'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const docs = apis.map((api) => join(repo, 'generated', api, 'openapi.json'));
  const actionsOf = async (doc: string) => Object.values(JSON.parse(await readFile(doc, 'utf8')).paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
  const actions = { one: await actionsOf(docs[apis.indexOf(ONE)]!), all: (await Promise.all(docs.map(actionsOf))).reduce((a, b) => a + b, 0) };

  // openapi-typescript: all nine in one run (its Redocly multi-API config); hey-api: an array of nine configs in one run.
  const otsConfig = join(out, 'ots', 'redocly.yaml');
  await mkdir(join(out, 'ots'), { recursive: true });
  await writeFile(otsConfig, `apis:\n${apis.map((api, i) => `  ${api}@v1:\n    root: ${docs[i]}\n    x-openapi-ts:\n      output: ${join(out, 'ots', `${api}.ts`)}\n`).join('')}`);
  const heyConfig = join(out, 'hey', 'openapi-ts.config.mjs');
  await mkdir(join(out, 'hey'), { recursive: true });
  await writeFile(heyConfig, `export default ${JSON.stringify(apis.map((api, i) => ({ input: docs[i], output: join(out, 'hey', api), plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'], logs: { level: 'silent', file: false } })), null, 2)};\n`);

  const runs = { nine: [] as number[], one: [] as number[], openapiTypescript: [] as number[], heyApi: [] as number[] };
  const stages = { nine: new Map() as Stages, one: new Map() as Stages };
  for (let i = 0; i < RUNS; i++) {
    const nine = await runTimed(process.execPath, [GENERATOR, 'generate', '--root', repo, ...MIRROR, '--timings']);
    runs.nine.push(nine.ms);
    stagesOf(nine.stdout, stages.nine);
    const one = await runTimed(process.execPath, [GENERATOR, 'generate', '--root', repo, ...MIRROR, '--api', ONE, '--timings']);
    runs.one.push(one.ms);
    stagesOf(one.stdout, stages.one);
    runs.openapiTypescript.push((await runTimed(process.execPath, [OTS, '--redocly', otsConfig], { cwd: join(out, 'ots') })).ms);
    await rm(join(out, 'hey'), { recursive: true, force: true, maxRetries: 2 }).then(() => mkdir(join(out, 'hey'), { recursive: true }));
    await writeFile(heyConfig, `export default ${JSON.stringify(apis.map((api, j) => ({ input: docs[j], output: join(out, 'hey', api), plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'], logs: { level: 'silent', file: false } })), null, 2)};\n`);
    runs.heyApi.push((await runTimed(process.execPath, [HEY_API, '-f', heyConfig], { cwd: join(out, 'hey') })).ms);
  }

  // Turbo: the `generate` task (generator build + generate) forced to run, then served from the cache.
  const turboArgs = ['run', 'generate', '--filter=@losant-sdk/generator', '--output-logs=none'];
  const turbo = { cold: [] as number[], warm: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    turbo.cold.push((await runTimed(TURBO, [...turboArgs, '--force'], { env: TURBO_ENV })).ms);
    const warm = await runTimed(TURBO, turboArgs, { env: TURBO_ENV });
    if (!/FULL TURBO|2 cached, 2 total/.test(warm.stdout)) throw new Error(`expected a Turbo cache hit, got:\n${warm.stdout}`);
    turbo.warm.push(warm.ms);
  }

  const m = { nine: median(runs.nine), one: median(runs.one), ots: median(runs.openapiTypescript), hey: median(runs.heyApi), cold: median(turbo.cold), warm: median(turbo.warm) };
  const vsOts = m.nine / m.ots;
  const vsHey = m.nine / m.hey;
  const warmShare = m.warm / m.cold;
  const per100 = (v: number, n: number) => ms((v / n) * 100);
  const stageNames = [...new Set([...stages.one.keys(), ...stages.nine.keys()])];
  const markdown = [
    table(
      [`run (cold process, median of ${RUNS})`, 'wall time', 'ratio to openapi-typescript'],
      [
        [`\`generate\`, all ${apis.length} APIs (${actions.all} actions): reconcile, lint, verify, emit every package`, s(m.nine), ratio(vsOts)],
        [`\`generate --api ${ONE}\` (${actions.one} actions)`, s(m.one), ratio(m.one / m.ots)],
        [`openapi-typescript 7.13 CLI: one \`.ts\` per reconciled document, all ${apis.length} in one run`, s(m.ots), ratio(1)],
        [`@hey-api/openapi-ts 0.95 CLI: a client-fetch SDK per reconciled document, all ${apis.length} in one run`, s(m.hey), ratio(m.hey / m.ots)],
      ],
    ),
    '',
    table(
      ['goal', 'measured', 'verdict'],
      [
        ['generate (nine APIs) ≤ 3× openapi-typescript (nine documents)', ratio(vsOts), verdict(vsOts <= 3)],
        ['generate faster than hey-api', `${ratio(vsHey)} hey-api's time`, verdict(vsHey < 1)],
        ['warm (Turbo cache hit) ≤ 5% of cold (`--force`)', `${s(m.warm)} / ${s(m.cold)} = ${(warmShare * 100).toFixed(1)}%`, verdict(warmShare <= 0.05)],
      ],
    ),
    '',
    `Where a \`generate\` run spends its time, one API beside nine (\`generate --timings\`, median ms; stages marked ∥ overlap the emit; the cost per 100 actions should not grow with the number of APIs):`,
    '',
    table(
      ['stage', `one API (${actions.one} actions)`, `nine APIs (${actions.all} actions)`, 'per 100 actions, one', 'per 100 actions, nine'],
      stageNames.map((stage) => {
        const one = stages.one.get(stage);
        const nine = stages.nine.get(stage);
        return [
          stage + (/lint|verify/.test(stage) ? ' ∥' : ''),
          one ? ms(median(one)) : '—',
          nine ? ms(median(nine)) : '—',
          one && !/startup/.test(stage) ? per100(median(one), actions.one) : '—',
          nine && !/startup/.test(stage) ? per100(median(nine), actions.all) : '—',
        ];
      }),
    ),
  ].join('\n');
  return { name: 'generation', markdown, data: { runs: RUNS, apis, actions, wallMs: runs, turboMs: turbo, stagesMs: { one: Object.fromEntries(stages.one), nine: Object.fromEntries(stages.nine) }, medians: m } };
}
