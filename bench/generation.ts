/**
 * Generation speed: our full `generate` (reconcile → lint → verify → emit 16 packages) vs
 * openapi-typescript alone vs @hey-api/openapi-ts generating a full SDK, all three from a cold
 * process on the same machine, interleaved; plus Turbo warm (cache hit) vs cold (--force).
 */
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, TMP, median, ms, ratio, runTimed, s, table, verdict } from './lib/measure.js';
import type { Section } from './lib/report.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const require = createRequire(import.meta.url);
const SPEC = join(ROOT, 'generated', 'application', 'openapi.json');
const GENERATOR = join(ROOT, 'generator', 'dist', 'cli.js');
const OTS = join(require.resolve('openapi-typescript/package.json'), '..', 'bin', 'cli.js');
const HEY_API = join(require.resolve('@hey-api/openapi-ts/package.json'), '..', 'bin', 'run.js');
const TURBO = join(ROOT, 'node_modules', '.bin', 'turbo');
const TURBO_ENV = { TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

export async function generation(): Promise<Section> {
  const out = join(TMP, 'generation');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });

  const runs = { generate: [] as number[], openapiTypescript: [] as number[], heyApi: [] as number[] };
  const stages = new Map<string, number[]>();
  for (let i = 0; i < RUNS; i++) {
    const ours = await runTimed(process.execPath, [GENERATOR, 'generate', '--root', ROOT, '--timings']);
    runs.generate.push(ours.ms);
    for (const m of ours.stdout.matchAll(/^\s+(\d+) ms {2}(.+)$/gm)) stages.set(m[2]!, [...(stages.get(m[2]!) ?? []), Number(m[1])]);
    runs.openapiTypescript.push((await runTimed(process.execPath, [OTS, SPEC, '-o', join(out, 'openapi-typescript', 'schema.ts')])).ms);
    await rm(join(out, 'hey-api'), { recursive: true, force: true });
    runs.heyApi.push((await runTimed(process.execPath, [HEY_API, '-i', SPEC, '-o', join(out, 'hey-api'), '-c', '@hey-api/client-fetch', '-s', '--no-log-file'])).ms);
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

  const m = { generate: median(runs.generate), ots: median(runs.openapiTypescript), hey: median(runs.heyApi), cold: median(turbo.cold), warm: median(turbo.warm) };
  const vsOts = m.generate / m.ots;
  const vsHey = m.generate / m.hey;
  const warmShare = m.warm / m.cold;
  const markdown = [
    table(
      ['run (cold process, median of ' + RUNS + ')', 'wall time', 'ratio to openapi-typescript'],
      [
        ['`generate`: reconcile, lint, verify, emit 15 tag packages + umbrella', s(m.generate), ratio(vsOts)],
        ['openapi-typescript 7.13 CLI: one `schema.ts` from the reconciled spec', s(m.ots), ratio(1)],
        ['@hey-api/openapi-ts 0.95 CLI: client-fetch SDK from the reconciled spec', s(m.hey), ratio(m.hey / m.ots)],
      ],
    ),
    '',
    table(
      ['goal', 'measured', 'verdict'],
      [
        ['generate ≤ 3× openapi-typescript alone', ratio(vsOts), verdict(vsOts <= 3)],
        ['generate faster than hey-api', `${ratio(vsHey)} hey-api's time`, verdict(vsHey < 1)],
        ['warm (Turbo cache hit) ≤ 10% of cold (`--force`)', `${s(m.warm)} / ${s(m.cold)} = ${(warmShare * 100).toFixed(1)}%`, verdict(warmShare <= 0.1)],
      ],
    ),
    '',
    'Where a `generate` run spends its time (`generate --timings`, median ms; stages marked ∥ overlap the emit):',
    '',
    table(
      ['stage', 'median'],
      [...stages].map(([stage, v]) => [stage + (/lint|verify/.test(stage) ? ' ∥' : ''), ms(median(v))]),
    ),
  ].join('\n');
  return { name: 'generation', markdown, data: { runs: RUNS, wallMs: runs, turboMs: turbo, stagesMs: Object.fromEntries(stages), medians: m } };
}
