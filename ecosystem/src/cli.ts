/**
 * Run the scenario program in some runtimes by hand, each scenario's outcome on its own line:
 *
 *   pnpm --filter @losant-sdk/ecosystem exec tsx src/cli.ts workerd chromium
 *
 * (after `pnpm build && pnpm pack:packages`; with no names, every runtime).
 */
import { RUNTIMES, type RuntimeName } from './plan.js';
import { compilePrograms, findRuntime, installScratch, runIn } from './runtimes.js';
import { startServer } from './server.js';

const names = process.argv.length > 2 ? (process.argv.slice(2) as RuntimeName[]) : RUNTIMES.map((r) => r.name);
installScratch();
await compilePrograms();
const server = await startServer();
try {
  for (const name of names) {
    const found = findRuntime(name);
    if ('skip' in found) {
      console.log(`${name}: SKIPPED: ${found.skip}`);
      continue;
    }
    const run = await runIn(name, found.command, server);
    if ('error' in run) console.log(`${name}: did not run: ${run.error}`);
    else
      for (const r of run.results) console.log(`${name} ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.ms} ms): ${r.reason}`);
  }
} finally {
  await server.close();
}
