/**
 * Outside Node, Deno and Bun, bundlers put no-server.ts where server.ts was (package.json
 * `browser`): no shared deadlines, no tracing loaded by the client itself. Here server.ts is
 * replaced by no-server.ts, as a browser bundle has it, and the client still does its work.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../src/client.js';
import { deadline } from '../src/deadline.js';
import * as none from '../src/no-server.js';
import { logging, type Logger } from '../src/log.js';
import { enableTracing, type OpenTelemetryApi } from '../src/tracing.js';
import { archiveData, ID, json, recordingFetch } from './helpers.js';

vi.mock('../src/server.js', () => import('../src/no-server.js'));

const HOOK = Symbol.for('losant-sdk.tracing');
const OTEL = Symbol.for('opentelemetry.js.api.1');
const g = globalThis as Record<symbol, unknown>;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  delete g[HOOK];
  delete g[OTEL];
});

describe('no-server.ts, in place of server.ts', () => {
  it('is what the browser field maps server.js to, and exports the same names', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { browser: unknown };
    expect(pkg.browser).toEqual({ './dist/server.js': './dist/no-server.js' });
    const server = await vi.importActual<Record<string, unknown>>('../src/server.js');
    expect(Object.keys(none).sort()).toEqual(Object.keys(server).sort());
  });

  it('shares no deadline: every timed attempt gets its own signal and timer', () => {
    expect(none.sharedDeadline).toBeUndefined();
    const a = deadline(60_002, undefined, false);
    const b = deadline(60_002, undefined, false);
    expect(a.signal).toBeInstanceOf(AbortSignal);
    expect(b.signal).not.toBe(a.signal);
    a.release();
    b.release();
    expect(deadline(0, undefined, false).signal).toBeUndefined();
  });

  it('loads no tracing when OpenTelemetry registers itself; enableTracing still traces', async () => {
    g[OTEL] = {};
    expect(none.loadTracing()).toBeUndefined();
    const { fetch, requests } = recordingFetch(() => json(200, {}));
    const client = createClient({ fetch });
    await client.request(archiveData, { applicationId: ID, date: '1' });
    expect(HOOK in g).toBe(false);
    const seen: string[] = [];
    enableTracing({
      trace: {
        getTracer: () => ({
          startSpan: (name: string) => (
            seen.push(name),
            { setAttribute: () => undefined, setStatus: () => undefined, end: () => undefined }
          ),
        }),
        setSpan: (ctx: unknown) => ctx,
      },
      context: { active: () => ({}) },
      propagation: { inject: () => undefined },
    } as OpenTelemetryApi);
    await client.request(archiveData, { applicationId: ID, date: '1' });
    expect(seen).toEqual(['application.archiveData', 'GET']);
    expect(requests).toHaveLength(2);
  });

  it('reads no LOSANT_SDK_LOG (there is none outside a server); the log option still logs', async () => {
    vi.stubEnv('LOSANT_SDK_LOG', 'debug');
    expect(none.envLog()).toBeUndefined();
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    await createClient({ fetch: async () => json(200, {}) }).request(archiveData, { applicationId: ID, date: '1' });
    expect(debug).not.toHaveBeenCalled();
    const lines: unknown[][] = [];
    const logger: Logger = { debug: (...a) => lines.push(a), info: () => {}, warn: () => {}, error: () => {} };
    await createClient({ fetch: async () => json(200, {}), log: logging({ level: 'debug', logger }) }).request(
      archiveData,
      { applicationId: ID, date: '1' },
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]![0]).toMatch(
      /^\[losant-sdk\] application\.archiveData GET \/applications\/\w+\/archiveData → 200 in \d+ ms \(attempt 1\)$/,
    );
  });
});
