/**
 * The maintainer's loop on the real repository, through Turbo as `pnpm generate && pnpm build`
 * runs it (`turbo run generate build:packages`):
 *
 * - cold: Turbo forced, the generator's step cache and the package build stamps removed;
 * - no change: the same command again (Turbo cache hits);
 * - one API's overlay changed (a tag description in spec/apis/notebook.yaml, different every
 *   run): the generator reuses every step whose input did not change, the build rebuilds the
 *   packages whose sources changed and the ones depending on them;
 *
 * and the package build alone (`build:packages --force`: one type-check, every package's JS and
 * declarations) beside one `tsc --noEmit` over all generated sources together. Runs interleave.
 * The overlay and every output are restored at the end.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, TMP, median, ratio, runTimed, s, table } from './lib/measure.js';
import type { Section } from './lib/report.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const TURBO = join(ROOT, 'node_modules', '.bin', 'turbo');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const ENV = { TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const LOOP = ['run', 'generate', 'build:packages', '--output-logs=new-only'];
const OVERLAY = join(ROOT, 'spec', 'apis', 'notebook.yaml');
const TAG_DESCRIPTION = /^( {4}description: )(.*)$/m;
const CACHES = [
  join(ROOT, 'node_modules', '.cache', 'losant-sdk', 'steps'),
  join(ROOT, 'node_modules', '.cache', 'losant-sdk', 'build-packages'),
];

/** The packages a build:packages run rebuilt, from its summary line. */
function rebuilt(stdout: string): string {
  return (
    /build:packages: (\d+ of \d+ packages built|\d+ packages up to date)/.exec(stdout)?.[1] ??
    '(no build:packages line)'
  );
}

export async function pipeline(): Promise<Section> {
  const original = await readFile(OVERLAY, 'utf8');
  if (!TAG_DESCRIPTION.test(original)) throw new Error(`${OVERLAY} has no tag description to change`);
  // One tsc over every generated package's sources, the yardstick of the build.
  const allSources = join(TMP, 'pipeline', 'tsconfig.json');
  await rm(join(TMP, 'pipeline'), { recursive: true, force: true });
  await mkdir(join(TMP, 'pipeline'), { recursive: true });
  await writeFile(
    allSources,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.base.json'),
      compilerOptions: { lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [], noEmit: true },
      include: [join(ROOT, 'packages', '*', 'src', '**', '*.ts')],
      exclude: [join(ROOT, 'packages', 'core'), join(ROOT, 'packages', 'testing')],
    }),
  );

  const runs = {
    cold: [] as number[],
    noChange: [] as number[],
    oneApi: [] as number[],
    build: [] as number[],
    tsc: [] as number[],
  };
  const oneApiBuilt: string[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const dir of CACHES) await rm(dir, { recursive: true, force: true });
      const cold = await runTimed(TURBO, [...LOOP, '--force'], { env: ENV });
      runs.cold.push(cold.ms);
      const same = await runTimed(TURBO, LOOP, { env: ENV });
      if (!/FULL TURBO/.test(same.stdout)) throw new Error(`expected Turbo cache hits, got:\n${same.stdout}`);
      runs.noChange.push(same.ms);
      await writeFile(OVERLAY, original.replace(TAG_DESCRIPTION, `$1$2 (benchmark run ${Date.now()})`));
      const changed = await runTimed(TURBO, LOOP, { env: ENV });
      runs.oneApi.push(changed.ms);
      oneApiBuilt.push(rebuilt(changed.stdout));
      await writeFile(OVERLAY, original);
      runs.build.push((await runTimed(TSX, [join(ROOT, 'scripts', 'build-packages.ts'), '--force'])).ms);
      runs.tsc.push((await runTimed(process.execPath, [TSC, '-p', allSources])).ms);
    }
  } finally {
    await writeFile(OVERLAY, original);
    await runTimed(TURBO, LOOP, { env: ENV });
  }

  const m = {
    cold: median(runs.cold),
    noChange: median(runs.noChange),
    oneApi: median(runs.oneApi),
    build: median(runs.build),
    tsc: median(runs.tsc),
  };
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const markdown = [
    table(
      [`run (median of ${RUNS})`, 'wall time', 'share of cold'],
      [
        ['`turbo run generate build:packages --force`, step cache and build stamps removed (cold)', s(m.cold), '100%'],
        ['the same, nothing changed (Turbo cache hits)', s(m.noChange), pct(m.noChange / m.cold)],
        [
          `one API's overlay changed (notebook's tag description): build:packages ${[...new Set(oneApiBuilt)].join('; ')}`,
          s(m.oneApi),
          pct(m.oneApi / m.cold),
        ],
        ['`build:packages --force`: one type-check, every generated package built', s(m.build), '—'],
        ['`tsc --noEmit` over all generated sources together', s(m.tsc), '—'],
      ],
    ),
  ].join('\n');
  return {
    name: 'pipeline',
    markdown,
    goals: [
      {
        goal: "one API's overlay changed ≤ 25% of a cold run",
        measured: pct(m.oneApi / m.cold),
        met: m.oneApi / m.cold <= 0.25,
      },
      { goal: 'no change ≤ 5% of a cold run', measured: pct(m.noChange / m.cold), met: m.noChange / m.cold <= 0.05 },
      {
        goal: 'build all packages ≤ 2× one `tsc --noEmit` over their sources',
        measured: ratio(m.build / m.tsc),
        met: m.build / m.tsc <= 2,
      },
    ],
    data: { runs: RUNS, wallMs: runs, oneApiBuilt, medians: m },
  };
}
