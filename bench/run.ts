/**
 * `pnpm bench [generation] [pipeline] [requests] [bundle] [typecheck] [suite]`: runs the named benchmarks (all
 * by default) and writes their tables into BENCHMARKS.md, raw numbers into bench/results/, and the summary of
 * every benchmark's goals (from the last recorded run of each) at the top of BENCHMARKS.md.
 * Expects a built workspace (the root `pnpm bench` script builds first).
 */
import { bundle } from './bundle.js';
import { generation } from './generation.js';
import { pipeline } from './pipeline.js';
import { publish, publishSummary, type Section } from './lib/report.js';
import { requests } from './requests.js';
import { suite } from './suite.js';
import { typecheck } from './typecheck.js';

const BENCHMARKS: Record<string, () => Promise<Section>> = {
  generation,
  pipeline,
  requests,
  bundle,
  typecheck,
  suite,
};
const chosen = process.argv.slice(2);
for (const name of chosen)
  if (!BENCHMARKS[name])
    throw new Error(`unknown benchmark "${name}"; choose from ${Object.keys(BENCHMARKS).join(', ')}`);

for (const name of chosen.length ? chosen : Object.keys(BENCHMARKS)) {
  const started = performance.now();
  console.log(`bench ${name}…`);
  const section = await BENCHMARKS[name]!();
  await publish(section);
  console.log(`${section.markdown}\n(${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}
await publishSummary(Object.keys(BENCHMARKS));
