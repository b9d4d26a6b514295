/**
 * Every runtime the README names runs the scenario program, from the packed tarballs, against the
 * suite's loopback server: one process per runtime, all at once. A runtime that cannot be had
 * here is a visible skip with its reason, and a failure in CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNTIMES, scenariosFor, type RuntimeName } from '../src/plan.js';
import {
  compilePrograms,
  findRuntime,
  installScratch,
  runIn,
  type Availability,
  type RuntimeRun,
} from '../src/runtimes.js';
import { startServer, type EcoServer } from '../src/server.js';

const inCI = Boolean(process.env['CI']);
const available = new Map<RuntimeName, Availability>(RUNTIMES.map((r) => [r.name, findRuntime(r.name)]));
for (const [name, a] of available) if ('skip' in a) console.log(`# ecosystem: SKIPPED ${name}: ${a.skip}`);

let server: EcoServer;
const runs = new Map<RuntimeName, RuntimeRun>();

beforeAll(async () => {
  const started = Date.now();
  const install = installScratch();
  const programs = await compilePrograms();
  server = await startServer();
  const prepared = Date.now();
  await Promise.all(
    RUNTIMES.map(async ({ name }) => {
      const a = available.get(name)!;
      if ('command' in a) {
        const t = Date.now();
        runs.set(name, await runIn(name, a.command, server));
        console.log(`# ecosystem: ${name} ran in ${Date.now() - t} ms`);
      }
    }),
  );
  console.log(
    `# ecosystem: scratch ${install.installed ? `installed in ${install.ms} ms` : 'up to date'}; ` +
      `browser bundle ${(programs.browserBytes.min / 1024).toFixed(1)} KB min, ${(programs.browserBytes.gzip / 1024).toFixed(1)} KB min+gz; ` +
      `runtimes ran in ${Date.now() - prepared} ms; ${Date.now() - started} ms in all`,
  );
}, 300_000);

afterAll(async () => {
  await server?.close();
});

describe.each(RUNTIMES.map((r) => [r.name, r] as const))('%s', (name) => {
  const a = available.get(name)!;
  if ('skip' in a) {
    if (inCI) it(`runs in CI (CI is set, so a skip is a failure)`, () => expect.fail(`SKIPPED: ${a.skip}`));
    else it.skip(`SKIPPED: ${a.skip}`, () => {});
    return;
  }
  for (const scenario of scenariosFor(name)) {
    it(scenario.name, () => {
      const run = runs.get(name);
      expect(run, 'the runtime ran').toBeDefined();
      if (!run || 'error' in run) return expect.fail(`${name} did not run the program: ${run?.error}`);
      const result = run.results.find((r) => r.name === scenario.name);
      expect(result, `${scenario.name} was reported`).toBeDefined();
      expect(result!.ok, `${name} / ${scenario.name}: ${result!.reason}`).toBe(true);
    });
  }
  it('reports exactly its scenarios', () => {
    const run = runs.get(name);
    if (!run || 'error' in run) return expect.fail(`${name} did not run the program: ${run?.error}`);
    expect(run.results.map((r) => r.name)).toEqual(scenariosFor(name).map((s) => s.name));
  });
});
