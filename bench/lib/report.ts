import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_DIR, ROOT, machine, table, today, verdict } from './measure.js';

/** One goal a benchmark checks: what it asks, what was measured, whether it was met. */
export interface Goal {
  goal: string;
  measured: string;
  met: boolean;
}

export interface Section {
  /** Marker name in BENCHMARKS.md: the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` is replaced. */
  name: string;
  /** The section's tables; its goal table is written by `publish` after them. */
  markdown: string;
  goals: Goal[];
  /** Raw numbers, kept in bench/results/NAME.json for diffs between runs. */
  data: unknown;
}

interface Recorded {
  date: string;
  machine: string;
  goals?: Goal[];
}

const FILE = join(ROOT, 'BENCHMARKS.md');
const RESULTS = join(BENCH_DIR, 'results');

export function goalTable(goals: Goal[]): string {
  return table(
    ['goal', 'measured', 'verdict'],
    goals.map((g) => [g.goal, g.measured, verdict(g.met)]),
  );
}

async function replaceBlock(name: string, body: string): Promise<void> {
  const text = await readFile(FILE, 'utf8');
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a < 0 || b < a) throw new Error(`BENCHMARKS.md has no ${open} … ${close} block for this benchmark`);
  await writeFile(FILE, `${text.slice(0, a + open.length)}\n${body}\n${text.slice(b)}`);
}

/** Put a benchmark's fresh tables into BENCHMARKS.md (the analysis around it is written by hand) and its raw numbers into results/. */
export async function publish(section: Section): Promise<void> {
  const body = section.goals.length ? `${section.markdown}\n\n${goalTable(section.goals)}` : section.markdown;
  await replaceBlock(section.name, `${body}\n\n_Measured ${today()} on ${machine()}._`);
  await mkdir(RESULTS, { recursive: true });
  const recorded = { date: today(), machine: machine(), goals: section.goals, ...(section.data as object) };
  await writeFile(join(RESULTS, `${section.name}.json`), JSON.stringify(recorded, null, 2) + '\n');
}

/**
 * The summary at the top of BENCHMARKS.md: every goal of every benchmark, from the last recorded run of
 * each (bench/results/*.json), with the date it was measured, so a partial `pnpm bench` keeps the rest.
 */
export async function publishSummary(order: string[]): Promise<void> {
  const rows: Array<Array<string>> = [];
  for (const name of order) {
    let recorded: Recorded;
    try {
      recorded = JSON.parse(await readFile(join(RESULTS, `${name}.json`), 'utf8')) as Recorded;
    } catch {
      rows.push([name, `not measured yet: \`pnpm bench ${name}\``, '—', '—', '—']);
      continue;
    }
    if (!recorded.goals)
      rows.push([
        name,
        `recorded on ${recorded.date} before goals were kept: rerun \`pnpm bench ${name}\``,
        '—',
        '—',
        '—',
      ]);
    for (const g of recorded.goals ?? []) rows.push([name, g.goal, g.measured, verdict(g.met), recorded.date]);
  }
  const files = (await readdir(RESULTS)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
  const unknown = files.filter((f) => !order.includes(f));
  if (unknown.length)
    throw new Error(`bench/results holds ${unknown.join(', ')}, which no benchmark writes: remove them`);
  await replaceBlock('goals', table(['benchmark', 'goal', 'measured', 'verdict', 'measured on'], rows));
}
