/**
 * The generator reads only the pinned inputs: an upstream document whose refs point at a local
 * file outside them or at a URL is repaired (or refused), and neither is ever read or fetched.
 */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGeneratorError } from '../src/errors.js';
import { buildAll } from '../src/pipeline.js';
import { fixtureLock, sandbox, suiteContext } from './support/env.js';

let server: Server;
let origin: string;
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('type: object\nproperties:\n  leaked: { type: string }\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Record every path the process opens or reads through node:fs while `run` runs. */
async function watchingFiles<T>(
  run: () => Promise<T>,
): Promise<{ result: T | undefined; error: unknown; opened: string[] }> {
  const opened: string[] = [];
  const mutable = fs as unknown as Record<string, unknown> & { promises: Record<string, unknown> };
  const saved: Array<[Record<string, unknown>, string, unknown]> = [];
  const spy = (target: Record<string, unknown>, name: string) => {
    const original = target[name] as (...args: unknown[]) => unknown;
    saved.push([target, name, original]);
    target[name] = function (this: unknown, path: unknown, ...rest: unknown[]) {
      opened.push(String(path instanceof URL ? path.pathname : path));
      return original.call(this, path, ...rest);
    };
  };
  for (const name of ['readFile', 'readFileSync', 'open', 'openSync', 'createReadStream']) spy(mutable, name);
  for (const name of ['readFile', 'open']) spy(mutable.promises, name);
  syncBuiltinESMExports();
  try {
    return { result: await run(), error: undefined, opened };
  } catch (error) {
    return { result: undefined, error, opened };
  } finally {
    for (const [target, name, original] of saved) target[name] = original;
    syncBuiltinESMExports();
  }
}

describe('only pinned bytes are read', () => {
  it(
    'repairs a component whose refs point at a file or a URL from its doc schema, and follows none of them',
    { timeout: 240_000 },
    async () => {
      const box = await sandbox({ fixture: true });
      const sentinel = join(box.root, '..', 'sentinel-never-read.yaml');
      await writeFile(sentinel, 'type: object\n');
      const path = fixtureLock.openapi.documents['application']!.path;
      const doc = parse(await readFile(join(box.mirror, path), 'utf8')) as {
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      };
      const target = doc.components.schemas['success']!;
      target.properties = {
        ...target.properties,
        fromUrl: { $ref: `${origin}/evil.yaml` },
        fromFile: { $ref: sentinel },
        fromRelative: { $ref: '../../sentinel-never-read.yaml#/x' },
      };
      await writeFile(join(box.mirror, path), stringify(doc));
      await box.relock(path);

      const { result, error, opened } = await watchingFiles(() =>
        // The API whose document holds the refs (of the small fixture API): what the others would read proves nothing more.
        buildAll({ root: box.root, upstreamDir: box.mirror, apis: ['application'], context: suiteContext() }),
      );
      expect(error).toBeUndefined();
      expect(requests).toEqual([]);
      expect(opened.filter((p) => p.includes('sentinel'))).toEqual([]);
      const report = result!.builds.find((b) => b.api === 'application')!.report;
      const refs = report.input.danglingRefs.refs.map((r) => r.ref);
      for (const ref of [`${origin}/evil.yaml`, sentinel, '../../sentinel-never-read.yaml#/x'])
        expect(refs).toContain(ref);
      expect(report.repairs.schemaOrigins['success']).toMatch(/completed|replaced/);
      expect(JSON.stringify(result!.builds.map((b) => b.document))).not.toContain('leaked');
    },
  );

  it('refuses a ref to anything outside the document where no doc schema can repair it, naming where it is', async () => {
    const box = await sandbox({ fixture: true });
    const path = fixtureLock.openapi.documents['device']!.path;
    const doc = parse(await readFile(join(box.mirror, path), 'utf8')) as {
      paths: Record<string, Record<string, { parameters?: unknown[] }>>;
    };
    const [first] = Object.keys(doc.paths);
    const op = Object.values(doc.paths[first!]!)[0]!;
    op.parameters = [{ $ref: `${origin}/parameter.yaml` }, ...(op.parameters ?? [])];
    await writeFile(join(box.mirror, path), stringify(doc));
    await box.relock(path);
    const { error } = await watchingFiles(() =>
      buildAll({ root: box.root, upstreamDir: box.mirror, apis: ['device'], context: suiteContext() }),
    );
    expect(isGeneratorError(error) && [error.code, error.file?.endsWith(path)]).toEqual(['UNPINNED_REF', true]);
    expect((error as { pointer: string }).pointer).toMatch(/^\/paths\/.+\/parameters\/0$/);
    expect(requests).toEqual([]);
  });
});
