/**
 * What the suite does outside the scenario program: install the packed tarballs once into a
 * scratch project, compile the scenario program for each runtime, find (or install) each runtime,
 * and run the program in it, in one process per runtime.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { ensureChromium } from '../../scripts/chromium.mjs';
import type { EcoServer } from './server.js';
import type { RuntimeName, ScenarioConfig, ScenarioResult } from './plan.js';

export const ECOSYSTEM = fileURLToPath(new URL('..', import.meta.url));
export const ROOT = join(ECOSYSTEM, '..');
export const SCRATCH = join(ECOSYSTEM, '.scratch');
const PACKED = join(ROOT, '.packed');
const require = createRequire(import.meta.url);

/** The scenario program's result in one runtime, or why it could not run there. */
export type RuntimeRun = { results: ScenarioResult[] } | { error: string };

/** A runtime found: how to run it, or why it cannot run here. */
export type Availability = { command: string } | { skip: string };

// ---- the scratch project ---------------------------------------------------------------------------

interface Packed {
  name: string;
  tarball: string;
}

/**
 * Install every packed tarball (and undici, for the proxy scenario) into `.scratch/`, once: a
 * rerun with the same tarballs keeps the install. Every `@losant-sdk/*` dependency between the
 * packages is pinned to its tarball, so nothing of ours comes from a registry; openapi-fetch,
 * ajv and undici come from the pnpm store (or the registry when the store lacks them).
 */
export function installScratch(): { installed: boolean; ms: number } {
  const start = Date.now();
  const indexFile = join(PACKED, 'index.json');
  if (!existsSync(indexFile)) throw new Error('no .packed/index.json: run `pnpm build && pnpm pack:packages` first');
  const packed = JSON.parse(readFileSync(indexFile, 'utf8')) as Packed[];
  const hash = createHash('sha256');
  for (const p of packed) hash.update(p.name).update(readFileSync(join(PACKED, p.tarball)));
  const undici = (
    JSON.parse(readFileSync(join(ECOSYSTEM, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies['undici']!;
  hash.update(`undici@${undici}`);
  const key = hash.digest('hex');
  const stamp = join(SCRATCH, 'installed.txt');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return { installed: false, ms: Date.now() - start };

  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  const files = Object.fromEntries(packed.map((p) => [p.name, `file:${join(PACKED, p.tarball)}`]));
  writeFileSync(
    join(SCRATCH, 'package.json'),
    `${JSON.stringify(
      {
        name: 'losant-sdk-ecosystem-scratch',
        private: true,
        type: 'module',
        dependencies: { ...files, undici },
        pnpm: { overrides: files },
      },
      null,
      2,
    )}\n`,
  );
  execFileSync(
    'pnpm',
    [
      'install',
      '--ignore-workspace',
      '--no-frozen-lockfile', // the scratch project has no lockfile, in CI too
      '--prefer-offline',
      '--config.node-linker=hoisted',
      '--reporter=silent',
    ],
    { cwd: SCRATCH, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  writeFileSync(stamp, key);
  return { installed: true, ms: Date.now() - start };
}

// ---- the scenario program, compiled ----------------------------------------------------------------

export interface Programs {
  /** Bytes of the Chromium bundle, minified and gzip-compressed. */
  browserBytes: { min: number; gzip: number };
}

/** Compile the entries into the scratch project, then bundle the browser and worker ones from there. */
export async function compilePrograms(): Promise<Programs> {
  const entries = join(ECOSYSTEM, 'src', 'entries');
  const local: BuildOptions = {
    bundle: true,
    packages: 'external',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'warning',
  };
  await Promise.all([
    build({ ...local, entryPoints: [join(entries, 'node.ts')], format: 'esm', outfile: join(SCRATCH, 'run.mjs') }),
    // CommonJS through and through: even the testing kit and undici are require()d there.
    build({
      ...local,
      entryPoints: [join(entries, 'node.ts')],
      format: 'cjs',
      supported: { 'dynamic-import': false },
      outfile: join(SCRATCH, 'run.cjs'),
    }),
    build({
      ...local,
      entryPoints: [join(entries, 'browser.ts')],
      format: 'esm',
      outfile: join(SCRATCH, 'browser.mjs'),
    }),
    build({ ...local, entryPoints: [join(entries, 'worker.ts')], format: 'esm', outfile: join(SCRATCH, 'worker.mjs') }),
  ]);
  // Bundled from the scratch project, so the SDK is the installed tarballs'. The testing kit and
  // undici are Node-side scenarios that these runtimes never run.
  const bundle: BuildOptions = {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    absWorkingDir: SCRATCH,
    external: ['@losant-sdk/testing', 'undici'],
    logLevel: 'warning',
  };
  await Promise.all([
    build({ ...bundle, entryPoints: ['./browser.mjs'], outfile: join(SCRATCH, 'browser.bundle.js') }),
    build({
      ...bundle,
      conditions: ['workerd', 'worker', 'browser'],
      entryPoints: ['./worker.mjs'],
      outfile: join(SCRATCH, 'worker.bundle.js'),
    }),
  ]);
  const bytes = readFileSync(join(SCRATCH, 'browser.bundle.js'));
  return { browserBytes: { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length } };
}

// ---- finding each runtime --------------------------------------------------------------------------

function npmBinary(pkg: string, file: string): Availability {
  try {
    const path = join(dirname(require.resolve(`${pkg}/package.json`)), file);
    return existsSync(path) ? { command: path } : { skip: `${pkg} has no ${file}` };
  } catch {
    return { skip: `${pkg} is not installed (an npm devDependency of ecosystem/; pnpm install)` };
  }
}

/**
 * CHROMIUM_PATH when set (e.g. the Google Chrome of a GitHub runner, which is not root), else
 * Debian's Chromium, installed with apt-get when it is missing and this process is root.
 */
function chromium(): Availability {
  const given = process.env['CHROMIUM_PATH'];
  if (given) return existsSync(given) ? { command: given } : { skip: `CHROMIUM_PATH=${given} does not exist` };
  const found = ensureChromium('ecosystem');
  return found.path !== undefined ? { command: found.path } : { skip: found.skip };
}

export function findRuntime(name: RuntimeName): Availability {
  switch (name) {
    case 'node':
    case 'node-cjs':
      return { command: process.execPath };
    case 'deno':
      return npmBinary('@deno/linux-x64-glibc', 'deno');
    case 'bun':
      return npmBinary('@oven/bun-linux-x64', 'bin/bun');
    case 'workerd': {
      // The `workerd` package's binary lives in its per-platform package.
      try {
        const workerd = dirname(require.resolve('workerd/package.json'));
        const platform = createRequire(join(workerd, 'package.json')).resolve(
          '@cloudflare/workerd-linux-64/package.json',
        );
        const bin = join(dirname(platform), 'bin', 'workerd');
        return existsSync(bin) ? { command: bin } : { skip: `@cloudflare/workerd-linux-64 has no bin/workerd` };
      } catch {
        return { skip: 'workerd (npm) and its @cloudflare/workerd-linux-64 binary are not installed' };
      }
    }
    case 'chromium':
      return chromium();
  }
}

// ---- running the program ---------------------------------------------------------------------------

/** A hung runtime is stopped after this; far more than a run takes on a busy machine. */
const RUN_LIMIT_MS = 120_000;

function runProcess(command: string, args: string[], env: Record<string, string>): Promise<RuntimeRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: SCRATCH,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('ECO_RESULTS '));
      if (line) resolve({ results: JSON.parse(line.slice('ECO_RESULTS '.length)) as ScenarioResult[] });
      else resolve({ error: `exit ${code ?? signal}: ${(err || out).trim().split('\n').slice(-8).join(' / ')}` });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function runWorkerd(command: string, config: ScenarioConfig): Promise<RuntimeRun> {
  const port = await freePort();
  const self = `http://127.0.0.1:${port}`;
  const capnp = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.bundle.js")],
  compatibilityDate = "2026-01-01",
  bindings = [(name = "ECO_CONFIG", text = ${JSON.stringify(JSON.stringify({ ...config, self }))})],
  globalOutbound = "loopback",
);
`;
  writeFileSync(join(SCRATCH, 'workerd.capnp'), capnp);
  const child = spawn(command, ['serve', 'workerd.capnp'], { cwd: SCRATCH, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c));
  const exited = new Promise<RuntimeRun>((resolve) =>
    child.on('close', (code, signal) =>
      resolve({ error: `workerd exited (${code ?? signal}): ${err.trim().slice(-600)}` }),
    ),
  );
  try {
    const ready = (async (): Promise<RuntimeRun | undefined> => {
      for (const until = Date.now() + 30_000; Date.now() < until;) {
        try {
          const r = await fetch(`${self}/navigator`);
          if (r.ok) return undefined;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      return { error: `workerd did not answer on ${self} within 30 s: ${err.trim().slice(-600)}` };
    })();
    const notReady = await Promise.race([ready, exited]);
    if (notReady) return notReady;
    const run = fetch(`${self}/run`, { signal: AbortSignal.timeout(RUN_LIMIT_MS) }).then(
      async (r) => ({ results: (await r.json()) as ScenarioResult[] }),
      (error: unknown) => ({ error: `GET /run: ${String(error)}; ${err.trim().slice(-600)}` }),
    );
    return await Promise.race([run, exited]);
  } finally {
    child.kill('SIGTERM');
  }
}

async function runChromium(command: string, config: ScenarioConfig, server: EcoServer): Promise<RuntimeRun> {
  server.pages.set('/', [
    'text/html; charset=utf-8',
    '<!doctype html><title>ecosystem</title><script type="module" src="/scenarios.js"></script>',
  ]);
  server.pages.set('/scenarios.js', [
    'text/javascript; charset=utf-8',
    readFileSync(join(SCRATCH, 'browser.bundle.js')),
  ]);
  const { chromium: playwright } = await import('playwright-core');
  const browser = await playwright.launch({
    executablePath: command,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
    ],
    timeout: 60_000,
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.page}/`);
    await page.waitForFunction(() => 'ecoRun' in globalThis, undefined, { timeout: 30_000 });
    const results = await page.evaluate(
      (c) => (globalThis as unknown as { ecoRun(c: unknown): Promise<ScenarioResult[]> }).ecoRun(c),
      config,
    );
    return errors.length ? { error: `page errors: ${errors.join(' / ')}` } : { results };
  } catch (error) {
    return { error: String(error) };
  } finally {
    await browser.close();
  }
}

/** Run the scenario program in one runtime, in one process. */
export function runIn(name: RuntimeName, command: string, server: EcoServer): Promise<RuntimeRun> {
  const config: ScenarioConfig = { runtime: name, api: server.api, other: server.other, proxy: server.proxy };
  const env = { ECO_CONFIG: JSON.stringify(config) };
  switch (name) {
    case 'node':
      return runProcess(command, ['run.mjs'], env);
    case 'node-cjs':
      return runProcess(command, ['--no-warnings', 'run.cjs'], env);
    case 'deno':
      return runProcess(
        command,
        [
          'run',
          '--allow-net',
          '--allow-env',
          '--allow-read',
          '--allow-sys',
          '--node-modules-dir=manual',
          '--no-prompt',
          'run.mjs',
        ],
        { ...env, DENO_DIR: join(SCRATCH, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      );
    case 'bun':
      return runProcess(command, ['run.mjs'], { ...env, BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0', NO_COLOR: '1' });
    case 'chromium':
      return runChromium(command, config, server);
    case 'workerd':
      return runWorkerd(command, config);
  }
}
