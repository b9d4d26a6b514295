/**
 * The runtimes the ecosystem suite runs the scenario program in, and its scenarios: the one list
 * the suite, the scenario program and the README's runtime table are all made from.
 */

export type RuntimeName = 'node' | 'node-cjs' | 'deno' | 'bun' | 'chromium' | 'workerd';

export interface RuntimePlan {
  readonly name: RuntimeName;
  /** How the README names it. */
  readonly label: string;
  /** How the suite gets it, for the README. */
  readonly source: string;
  /** The npm devDependency it comes from, if any: the README names its pinned version. */
  readonly npm?: string;
}

export const RUNTIMES: readonly RuntimePlan[] = [
  { name: 'node', label: 'Node.js, ESM `import`', source: 'the `node` that runs the suite (in CI: 20, 22 and 24)' },
  {
    name: 'node-cjs',
    label: 'Node.js, CommonJS `require()`',
    source: 'the `node` that runs the suite (in CI: 20, 22 and 24)',
  },
  { name: 'deno', label: 'Deno', source: 'its npm binary package', npm: '@deno/linux-x64-glibc' },
  { name: 'bun', label: 'Bun', source: 'its npm binary package', npm: '@oven/bun-linux-x64' },
  {
    name: 'chromium',
    label: 'Chromium (headless), cross-origin page',
    source:
      "Debian's `chromium` (installed with apt-get when missing and root), through playwright-core; an esbuild bundle served from another loopback origin than the API's (CORS)",
  },
  {
    name: 'workerd',
    label: 'Cloudflare workerd',
    source: 'an esbuild bundle run as a module worker, driven over HTTP',
    npm: 'workerd',
  },
];

export type ScenarioName =
  | 'query-get'
  | 'json-post'
  | 'multipart-upload'
  | 'file-round-trip'
  | 'sse-caller-closes'
  | 'sse-server-closes'
  | 'error-404'
  | 'timeout'
  | 'mixed-timeouts'
  | 'abort'
  | 'retry-503'
  | 'cross-origin-redirect'
  | 'http-proxy'
  | 'testing-mock';

export interface ScenarioPlan {
  readonly name: ScenarioName;
  /** What it proves, for the README. */
  readonly what: string;
  /** Runtimes it runs in; every runtime when absent. */
  readonly only?: readonly RuntimeName[];
}

/** Runtimes with node:http (the testing kit's mock server) and a proxy-capable fetch. */
const SERVER_RUNTIMES: readonly RuntimeName[] = ['node', 'node-cjs', 'deno', 'bun'];

export const SCENARIOS: readonly ScenarioPlan[] = [
  { name: 'query-get', what: 'a GET with the exact query bytes, headers and User-Agent the server expects' },
  { name: 'json-post', what: 'a JSON POST, exact body bytes' },
  { name: 'multipart-upload', what: 'a multipart upload (file name, bytes)' },
  {
    name: 'file-round-trip',
    what: '`files.upload` of a Blob and of a web stream to a pre-signed storage form (fields in order, file last, no token), then `file.download` as a web stream: the same bytes',
  },
  { name: 'sse-caller-closes', what: 'an event stream read, then closed by the caller (the server sees it close)' },
  { name: 'sse-server-closes', what: 'an event stream the server ends' },
  { name: 'error-404', what: 'a 404 as a typed `LosantApiError` (status, type)' },
  { name: 'timeout', what: 'a timeout (`LosantTimeoutError`)' },
  {
    name: 'mixed-timeouts',
    what: 'concurrent calls with mixed timeouts (separate requests in workerd), each timing out on time',
  },
  { name: 'abort', what: "a caller's abort (`LosantAbortError`; the server sees the connection close)" },
  { name: 'retry-503', what: 'retries after 503s (the server counts the attempts)' },
  {
    name: 'cross-origin-redirect',
    what: 'a cross-origin redirect: the other origin sees no `Authorization` and no custom header',
  },
  {
    name: 'http-proxy',
    what: "an HTTP proxy through the `fetch` option (undici's ProxyAgent, `Deno.createHttpClient`, Bun's `proxy`)",
    only: SERVER_RUNTIMES,
  },
  { name: 'testing-mock', what: "the testing kit's mock (`createMockLosant`)", only: SERVER_RUNTIMES },
];

export function scenariosFor(runtime: RuntimeName): ScenarioPlan[] {
  return SCENARIOS.filter((s) => !s.only || s.only.includes(runtime));
}

/** One distinct application ID per runtime: the server keeps each runtime's counters apart by it. */
export function applicationIdOf(runtime: RuntimeName): string {
  return (RUNTIMES.findIndex((r) => r.name === runtime) + 1).toString(16).padStart(24, 'a');
}

/** What a run of the scenario program reports for each scenario. */
export interface ScenarioResult {
  readonly name: ScenarioName;
  readonly ok: boolean;
  /** Why it failed, or what it saw. */
  readonly reason: string;
  readonly ms: number;
}

/** What the scenario program is told. */
export interface ScenarioConfig {
  readonly runtime: RuntimeName;
  /** Origin A: the API. */
  readonly api: string;
  /** Origin B: where A's cross-origin redirect points. */
  readonly other: string;
  /** The forward proxy, for `http-proxy`. */
  readonly proxy: string;
  /** workerd only: its own origin, so that each leg of `mixed-timeouts` is a request of its own. */
  readonly self?: string;
}

/**
 * The legs of `mixed-timeouts`, each started `at` ms after the first, each a call with its own
 * timeout to a route that never answers, but one (`answered`) that gets its reply at once. The
 * last two have the same timeout and start within 1% of it: the deadline a runtime may share
 * between them must still fire for the one left waiting after the other's request is over (in
 * workerd, a timer dies with the request that set it).
 */
export const LEGS: ReadonlyArray<{ at: number; timeout: number; answered?: true }> = [
  { at: 0, timeout: 300 },
  { at: 30, timeout: 600 },
  { at: 0, timeout: 2000, answered: true },
  { at: 5, timeout: 2000 },
];

/** How early a timeout may fire by the runtime's clock (Node counts timers from its event loop's cached time). */
export const EARLY_MS = 250;

/** Slack allowed past a timeout, for a machine whose cores are busy (a hang is what this catches). */
export const LATE_MS = 2_000;

export const TOKEN = 'eco-token';
export const CUSTOM_HEADER = 'x-eco-custom';
