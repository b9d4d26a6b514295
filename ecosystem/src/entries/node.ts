/**
 * The scenario program's entry for Node (as ESM and as CommonJS), Deno and Bun: the config comes
 * in ECO_CONFIG, the results go out as one `ECO_RESULTS <json>` line, then the process exits
 * (a proxy agent or an HTTP client may keep it alive otherwise).
 */
import { runScenarios } from '../scenarios.js';

const g = globalThis as {
  Deno?: { env: { get(name: string): string | undefined }; exit(code: number): never };
  process?: { env: Record<string, string | undefined>; exit(code: number): never };
};
const raw = g.Deno ? g.Deno.env.get('ECO_CONFIG') : g.process?.env['ECO_CONFIG'];
const exit = (code: number) => (g.Deno ? g.Deno.exit(code) : g.process?.exit(code));

runScenarios(JSON.parse(raw ?? '{}')).then(
  (results) => {
    console.log(`ECO_RESULTS ${JSON.stringify(results)}`);
    exit(0);
  },
  (error: unknown) => {
    console.error(error);
    exit(1);
  },
);
