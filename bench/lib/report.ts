import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_DIR, ROOT, machine, today } from './measure.js';

export interface Section {
  /** Marker name in BENCHMARKS.md: the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` is replaced. */
  name: string;
  markdown: string;
  /** Raw numbers, kept in bench/results/NAME.json for diffs between runs. */
  data: unknown;
}

/** Put a benchmark's fresh table into BENCHMARKS.md (the analysis around it is written by hand) and its raw numbers into results/. */
export async function publish(section: Section): Promise<void> {
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = await readFile(file, 'utf8');
  const open = `<!-- bench:${section.name} -->`;
  const close = `<!-- /bench:${section.name} -->`;
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a < 0 || b < a) throw new Error(`BENCHMARKS.md has no ${open} … ${close} block for this benchmark`);
  const stamped = `${section.markdown}\n\n_Measured ${today()} on ${machine()}._`;
  await writeFile(file, `${text.slice(0, a + open.length)}\n${stamped}\n${text.slice(b)}`);
  await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
  await writeFile(
    join(BENCH_DIR, 'results', `${section.name}.json`),
    JSON.stringify({ date: today(), machine: machine(), ...(section.data as object) }, null, 2) + '\n',
  );
}
