/**
 * Type-check cost: `tsc --extendedDiagnostics` on a consumer making 10 calls across three tag
 * packages, the same calls through the umbrella, and an empty program with the same options.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BENCH_DIR, TMP, median, ratio, runTimed, table } from './lib/measure.js';
import type { Section } from './lib/report.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const PROGRAMS = [
  ['empty', 'empty program (`export {}`)'],
  ['tags', '10 calls via `@losant-sdk/{dashboards,data,events}`'],
  ['umbrella', 'the same 10 calls via `@losant-sdk/sdk`'],
] as const;
const COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  types: [],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  skipLibCheck: true,
  noEmit: true,
};
const METRICS = {
  types: /^Types:\s+(\d+)/m,
  instantiations: /^Instantiations:\s+(\d+)/m,
  memoryK: /^Memory used:\s+(\d+)K/m,
  checkS: /^Check time:\s+([\d.]+)s/m,
  totalS: /^Total time:\s+([\d.]+)s/m,
};
type Metrics = Record<keyof typeof METRICS, number>;

async function diagnose(project: string): Promise<Metrics> {
  const { stdout } = await runTimed(process.execPath, [TSC, '-p', project, '--extendedDiagnostics']);
  return Object.fromEntries(
    Object.entries(METRICS).map(([k, re]) => {
      const m = re.exec(stdout);
      if (!m) throw new Error(`tsc --extendedDiagnostics printed no ${k}:\n${stdout}`);
      return [k, Number(m[1])];
    }),
  ) as Metrics;
}

export async function typecheck(): Promise<Section> {
  const dir = join(TMP, 'typecheck');
  await rm(dir, { recursive: true, force: true });
  const runs: Record<string, Metrics[]> = {};
  for (const [name] of PROGRAMS) {
    await mkdir(join(dir, name), { recursive: true });
    await writeFile(
      join(dir, name, 'tsconfig.json'),
      JSON.stringify(
        { compilerOptions: COMPILER_OPTIONS, files: [join(BENCH_DIR, 'typecheck', `${name}.ts`)] },
        null,
        2,
      ),
    );
    runs[name] = [];
  }
  for (let i = 0; i < RUNS; i++) for (const [name] of PROGRAMS) runs[name]!.push(await diagnose(join(dir, name)));
  const med = Object.fromEntries(
    PROGRAMS.map(([name]) => [
      name,
      Object.fromEntries(
        Object.keys(METRICS).map((k) => [k, median(runs[name]!.map((r) => r[k as keyof Metrics]))]),
      ) as Metrics,
    ]),
  );
  const empty = med['empty']!;
  const tags = med['tags']!;
  const totalRatio = tags.totalS / empty.totalS;
  const umbrellaRatio = med['umbrella']!.totalS / empty.totalS;
  const markdown = [
    table(
      [
        'program (tsc 5.9, strict, skipLibCheck; median of ' + RUNS + ')',
        'total time',
        'ratio to empty',
        'check time',
        'types',
        'instantiations',
        'memory',
      ],
      PROGRAMS.map(([name, label]) => {
        const m = med[name]!;
        return [
          label,
          `${m.totalS.toFixed(2)} s`,
          ratio(m.totalS / empty.totalS),
          `${m.checkS.toFixed(2)} s`,
          m.types.toLocaleString('en-US'),
          m.instantiations.toLocaleString('en-US'),
          `${(m.memoryK / 1024).toFixed(1)} MB`,
        ];
      }),
    ),
  ].join('\n');
  return {
    name: 'typecheck',
    markdown,
    goals: [
      {
        goal: '10 calls across 3 tags ≤ 1.5× the empty program (total tsc time)',
        measured: ratio(totalRatio),
        met: totalRatio <= 1.5,
      },
      {
        goal: 'the same 10 calls through the umbrella (every API in it) ≤ 2× the empty program',
        measured: ratio(umbrellaRatio),
        met: umbrellaRatio <= 2,
      },
    ],
    data: { runs: RUNS, compilerOptions: COMPILER_OPTIONS, raw: runs, medians: med },
  };
}
