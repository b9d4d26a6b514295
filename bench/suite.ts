/**
 * The test suite as CI runs it: `.ci/run` (the README's test command: install pnpm, install, `pnpm test`) in a
 * fresh `git clone` of HEAD, nothing cached, once on the machine as it is and once with two busy loops keeping
 * both cores busy, as on a small shared runner. Wall time, and CPU (user + sys of the whole process tree, from
 * bash's `times`, which counts every descendant that was waited for). Each clone sits beside the repository,
 * so it finds the upstream mirror where CI does (`../shared/upstream`); both are removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ROOT, runTimed, table } from './lib/measure.js';
import type { Section } from './lib/report.js';

/** Wall-time goals of issue 23, in seconds. */
const GOALS = { idle: 150, busy: 300 };

interface Run {
  wallMs: number;
  cpuS: number;
}

const minutes = (ms: number) => {
  const total = Math.round(ms / 1000);
  return `${Math.floor(total / 60)}m${String(total % 60).padStart(2, '0')}s`;
};

/** Seconds from bash's `times` line for waited-for children ("0m12.345s 0m1.234s"). */
function childCpu(stdout: string): number {
  const lines = stdout.trimEnd().split('\n');
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1] ?? '');
  if (!m) throw new Error(`bash's times printed no children's line:\n${lines.slice(-3).join('\n')}`);
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
}

async function ciRun(dir: string): Promise<Run> {
  await rm(dir, { recursive: true, force: true });
  await runTimed('git', ['clone', '--quiet', '--no-hardlinks', ROOT, dir]);
  try {
    const run = await runTimed('bash', ['-c', '.ci/run >ci.log 2>&1; status=$?; times; exit $status'], {
      cwd: dir,
      env: { CI: 'true', LOSANT_UPSTREAM_DIR: undefined, TURBO_TELEMETRY_DISABLED: '1' },
    });
    return { wallMs: run.ms, cpuS: childCpu(run.stdout) };
  } catch (error) {
    throw new Error(`.ci/run failed in ${dir} (its log: ${join(dir, 'ci.log')}):\n${String(error)}`);
  }
}

function busyLoops(): ChildProcess[] {
  return [0, 1].map(() => spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }));
}

export async function suite(): Promise<Section> {
  const head = (await runTimed('git', ['rev-parse', '--short', 'HEAD'])).stdout.trim();
  const dirty = (await runTimed('git', ['status', '--porcelain', '--untracked-files=no'])).stdout.trim();
  const base = join(ROOT, '..', `${basename(ROOT)}.bench-suite`);
  const idle = await ciRun(`${base}-idle`);
  await rm(`${base}-idle`, { recursive: true, force: true });
  const loops = busyLoops();
  let busy: Run;
  try {
    busy = await ciRun(`${base}-busy`);
  } finally {
    for (const loop of loops) loop.kill('SIGKILL');
  }
  await rm(`${base}-busy`, { recursive: true, force: true });
  const markdown = table(
    [
      `\`.ci/run\` on a fresh clone of ${head}${dirty ? ' (uncommitted changes not included)' : ''}`,
      'wall time',
      'CPU (user + sys)',
    ],
    [
      ['the machine otherwise idle', minutes(idle.wallMs), `${(idle.cpuS / 60).toFixed(1)} CPU-min`],
      ['both cores kept busy by two busy loops', minutes(busy.wallMs), `${(busy.cpuS / 60).toFixed(1)} CPU-min`],
    ],
  );
  return {
    name: 'suite',
    markdown,
    goals: [
      {
        goal: `\`.ci/run\` on a fresh clone, nothing cached ≤ ${minutes(GOALS.idle * 1000)}`,
        measured: minutes(idle.wallMs),
        met: idle.wallMs <= GOALS.idle * 1000,
      },
      {
        goal: `the same with both cores busy ≤ ${minutes(GOALS.busy * 1000)}`,
        measured: minutes(busy.wallMs),
        met: busy.wallMs <= GOALS.busy * 1000,
      },
    ],
    data: { head, dirty: dirty !== '', idle, busy },
  };
}
