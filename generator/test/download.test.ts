import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModels } from '../src/pipeline.js';
import { isGeneratorError } from '../src/errors.js';
import { built, builtApis } from './support/built.js';
import { committedLock, fixtureDir, fixtureLock, mirrorDir, sandbox, suiteContext } from './support/env.js';

/**
 * A loopback stand-in for the origins: serves the mirror's files by path (the fixture API's under
 * fixture/), counting requests.
 */
let server: Server;
let origin: string;
const served: string[] = [];
let tamper = false;
/** Paths that fail (503, then a dropped connection) before they are served. */
const flaky = new Map<string, number>();

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname.slice(1));
    served.push(path);
    const failures = flaky.get(path) ?? 0;
    if (failures > 0) {
      flaky.set(path, failures - 1);
      if (failures === 1) return req.socket.destroy();
      res.statusCode = 503;
      return res.end();
    }
    try {
      const body = await readFile(
        path.startsWith('fixture/')
          ? join(fixtureDir, 'upstream', path.slice('fixture/'.length))
          : join(mirrorDir, path),
      );
      res.end(tamper && path.endsWith('api-info.json') ? Buffer.concat([body, Buffer.from(' ')]) : body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/**
 * A sandbox (of the fixture API with `fixture`) whose lock points every input at the loopback
 * origin, with no mirror.
 */
async function offlineSandbox(o: { fixture?: boolean } = {}) {
  const { root } = await sandbox({ mirror: false, ...o });
  const lockFile = join(root, 'spec', 'sources.lock.json');
  const lock = JSON.parse(await readFile(lockFile, 'utf8'));
  const repoint = (i: { path: string; url: string }) => (i.url = origin + (o.fixture ? 'fixture/' : '') + i.path);
  Object.values(lock.openapi.documents).forEach(repoint as never);
  repoint(lock.docsIndex);
  Object.values(lock.schemas.files).forEach(repoint as never);
  await writeFile(lockFile, JSON.stringify(lock));
  return root;
}

describe('without a mirror, inputs are downloaded from their origin and verified', () => {
  it('builds the same spec from downloaded inputs', async () => {
    const root = await offlineSandbox();
    served.length = 0;
    // Reconciling reads every input; emitting would add nothing to what this test checks. On the
    // suite's step cache: the schemas are built and factored from what was downloaded only where
    // it differs from what the suite-wide build read (the step's key is their content).
    const downloaded = await buildModels({ root, upstreamDir: undefined, context: suiteContext() });
    for (const doc of Object.values(committedLock.openapi.documents)) expect(served).toContain(doc.path);
    expect(served).toContain(committedLock.docsIndex.path);
    // The same documents as the suite-wide build from the mirror, byte for byte, every API.
    expect(downloaded.reconciled.apis.map((a) => a.api).sort()).toEqual(builtApis().sort());
    for (const a of downloaded.reconciled.apis)
      expect(JSON.stringify(a.document, null, 2) + '\n' === built(`generated/${a.api}/openapi.json`), a.api).toBe(true);
  });

  // Whether a download is made again depends on nothing of the API: the small fixture API's inputs.
  it('reuses the download cache', async () => {
    const root = await offlineSandbox({ fixture: true });
    served.length = 0;
    await buildModels({ root, upstreamDir: undefined });
    const pinned = [
      ...Object.values(fixtureLock.openapi.documents),
      fixtureLock.docsIndex,
      ...Object.values(fixtureLock.schemas.files),
    ].map((i) => `fixture/${i.path}`);
    expect([...served].sort()).toEqual(pinned.sort());
    // Any build reads every pinned input (each overlay is loaded and checked, every doc schema and
    // document read), so one API is enough to show that none is downloaded again.
    served.length = 0;
    await buildModels({ root, upstreamDir: undefined, apis: ['data'] });
    expect(served).toEqual([]);
  });

  // What a download does with a bad answer depends on nothing of the API: the small fixture API's inputs.
  it('rejects a download whose sha256 does not match the lock', async () => {
    const root = await offlineSandbox({ fixture: true });
    tamper = true;
    try {
      const error = await buildModels({ root, upstreamDir: undefined }).catch((e: unknown) => e);
      expect(isGeneratorError(error) && error.code).toBe('SHA_MISMATCH');
      expect((error as Error).message).toMatch(/expected [0-9a-f]{64}, got [0-9a-f]{64}/);
    } finally {
      tamper = false;
    }
  });

  it('retries a download that fails on the way (a 503, a dropped connection), and names the input when it never succeeds', async () => {
    const root = await offlineSandbox({ fixture: true });
    const index = fixtureLock.docsIndex.path;
    const url = `fixture/${index}`;
    flaky.set(url, 2);
    served.length = 0;
    // One API is enough: the docs index every build reads is the input that fails.
    await buildModels({ root, upstreamDir: undefined, apis: ['data'] });
    expect(served.filter((p) => p === url)).toHaveLength(3);
    flaky.set(url, 5);
    const error = await buildModels({ root: await offlineSandbox({ fixture: true }), upstreamDir: undefined }).catch(
      (e: unknown) => e,
    );
    expect(isGeneratorError(error) && error.code).toBe('INPUT_DOWNLOAD_FAILED');
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${index.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: no upstream mirror is configured, and downloading .* failed \\(.*3 attempts\\)`,
      ),
    );
    flaky.clear();
  });
});
