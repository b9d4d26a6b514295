// Every kind of bad input, each in its own sandbox of the small fixture API (test/fixtures/small-api):
// what a case breaks, and what it asserts, do not depend on the size of the API, so the real inputs
// (nine APIs, 375 actions, read and reconciled by the determinism test) would add only time here.
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { fixtureLock, sandbox, type Sandbox } from './support/env.js';

const APP_DOC = fixtureLock.openapi.documents['application']!.path;
const INDEX = fixtureLock.docsIndex.path;
const schemaPath = (name: string) => fixtureLock.schemas.files[name]!.path;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const APP_DOC_FILE = new RegExp(escape(APP_DOC.split('/').pop()!));

/** Run the CLI against a sandbox; collect what it printed. */
async function run(root: string, mirror: string | undefined, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    const code = await main(['generate', '--root', root, ...(mirror ? ['--upstream', mirror] : [])], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.env = saved;
  }
}

/** The contract every bad input must meet: exit 1, a formatted error (no stack), nothing written. */
async function expectFailure(
  root: string,
  mirror: string | undefined,
  code: string,
  where: { file?: RegExp; pointer?: string },
  env?: Record<string, string | undefined>,
) {
  const result = await run(root, mirror, env);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(new RegExp(`^error ${code}: `));
  if (where.file) expect(result.stderr).toMatch(new RegExp(`\\n  at .*${where.file.source}`));
  if (where.pointer !== undefined) expect(result.stderr).toContain(`#${where.pointer}`);
  expect(result.stderr).toMatch(/\n {2}fix: /);
  expect(result.stderr).not.toMatch(/\n\s+at .*\.ts:\d+:\d+/); // no stack trace
  expect(existsSync(join(root, 'generated'))).toBe(false);
  expect((await readdir(root)).filter((f) => f.startsWith('.generate-staging'))).toEqual([]);
  return result.stderr;
}

/** Replace `from` by `to` in a file of the sandbox (failing if `from` is not there: the case would test nothing). */
async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  expect(text).toContain(from);
  await writeFile(file, text.replace(from, to));
}

const inSpec = (box: Sandbox, ...path: string[]) => join(box.root, 'spec', ...path);
const inMirror = (box: Sandbox, path: string) => join(box.mirror, path);

/** A doc schema of the sandbox's mirror, changed by `change`, and re-pinned. */
async function editSchema(box: Sandbox, name: string, change: (doc: Record<string, unknown>) => unknown) {
  const file = inMirror(box, schemaPath(name));
  const doc = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify(change(doc) ?? doc));
  await box.relock(schemaPath(name));
}

/** The sandbox's lock, changed by `change` (not re-pinned: the lock is the thing under test). */
async function editLock(box: Sandbox, change: (lock: Record<string, Record<string, unknown>>) => void) {
  const file = inSpec(box, 'sources.lock.json');
  const lock = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
  change(lock);
  await writeFile(file, JSON.stringify(lock));
}

interface Case {
  name: string;
  /** Break the sandbox. */
  breaks(box: Sandbox): Promise<void>;
  code: string;
  where: { file?: RegExp; pointer?: string };
  /** What the message says, beyond the contract of expectFailure. */
  says?: Array<string | RegExp>;
}

const cases: Case[] = [
  {
    name: 'malformed YAML in the upstream document',
    async breaks(box) {
      await edit(inMirror(box, APP_DOC), 'paths:\n', 'paths:\n  - [unclosed\n');
      await box.relock(APP_DOC);
    },
    code: 'PARSE_ERROR',
    where: { file: APP_DOC_FILE },
    says: [/malformed YAML \(line \d+, column \d+\)/],
  },
  {
    name: 'malformed JSON in the docs index',
    async breaks(box) {
      await writeFile(inMirror(box, INDEX), '{"application": {"path": "/applications/{applicationId}",');
      await box.relock(INDEX);
    },
    code: 'PARSE_ERROR',
    where: { file: /api-info\.json/ },
    says: [/malformed JSON/],
  },
  {
    name: 'a sha256 mismatch',
    async breaks(box) {
      const file = inMirror(box, APP_DOC);
      await writeFile(file, (await readFile(file, 'utf8')) + '\n# tampered\n');
    },
    code: 'SHA_MISMATCH',
    where: { file: APP_DOC_FILE },
    says: ['spec:bump'],
  },
  {
    name: 'a ref nothing can repair',
    breaks: (box) =>
      editSchema(box, 'jobEnqueuedResult', (doc) => {
        (doc['properties'] as Record<string, unknown>)['jobId'] = { $ref: '#/nowhere/jobId' };
      }),
    code: 'UNREPAIRABLE_REF',
    where: { file: /jobEnqueuedResult\.json/, pointer: '/properties/jobId' },
  },
  {
    name: 'a referenced schema with no doc schema to build it from',
    breaks: (box) =>
      editLock(box, (lock) => {
        delete (lock['schemas']!['files'] as Record<string, unknown>)['mqttPublishBody'];
      }),
    code: 'UNREPAIRABLE_REF',
    where: { file: /api-info\.json/, pointer: '/application/actions/mqttPublishMessage' },
    says: ['"mqttPublishBody"'],
  },
  {
    name: 'an overlay naming an unknown resource',
    breaks: (box) =>
      edit(
        inSpec(box, 'apis', 'application.yaml'),
        '  webhooks: Webhooks\n',
        '  webhooks: Webhooks\n  webhookz: Webhooks\n',
      ),
    code: 'UNKNOWN_RESOURCE',
    where: { file: /application\.yaml/, pointer: '/resources/webhookz' },
    says: ['"webhookz"'],
  },
  {
    name: 'an overlay naming an unknown tag',
    breaks: (box) => edit(inSpec(box, 'apis', 'application.yaml'), '  webhook: Webhooks\n', '  webhook: Web Hooks\n'),
    code: 'UNKNOWN_TAG',
    where: { file: /application\.yaml/, pointer: '/resources/webhook' },
    says: ['"Web Hooks"'],
  },
  {
    name: 'a docs-index resource no overlay maps: named, with the overlay to map it in',
    breaks: (box) => edit(inSpec(box, 'apis', 'application.yaml'), '  auditLog: Audit Logs\n', ''),
    code: 'UNMAPPED_RESOURCE',
    where: { file: /api-info\.json/, pointer: '/auditLog' },
    says: ['auditLog (/orgs/{orgId}/audit-logs/{auditLogId}): map it in spec/apis/application.yaml'],
  },
  {
    name: 'a resource mapped by two overlays',
    async breaks(box) {
      const file = inSpec(box, 'apis', 'device.yaml');
      await writeFile(file, (await readFile(file, 'utf8')) + '  webhook: Devices\n');
    },
    code: 'INVALID_OVERLAY',
    where: { file: /device\.yaml/, pointer: '/resources/webhook' },
    says: ['mapped by both the application and the device overlay'],
  },
  {
    name: "a resource mapped by an API whose document does not describe it (data is the data API's)",
    async breaks(box) {
      await edit(inSpec(box, 'apis', 'data.yaml'), '  data: Data\n', '');
      await edit(
        inSpec(box, 'apis', 'application.yaml'),
        '  webhooks: Webhooks\n',
        '  webhooks: Webhooks\n  data: Webhooks\n',
      );
    },
    code: 'INVALID_OVERLAY',
    where: { file: /application\.yaml/, pointer: '/resources/data' },
    says: ['move "data" to spec/apis/data.yaml'],
  },
  {
    name: 'two tags, in two APIs, that would be the same package',
    breaks: (box) =>
      edit(inSpec(box, 'apis', 'device.yaml'), '  Device Recipes:\n', '  Device Recipes:\n    package: webhooks\n'),
    code: 'NAME_COLLISION',
    where: { file: /device\.yaml/, pointer: '/tags/Device Recipes' },
    says: ['spec/apis/application.yaml#/tags/Webhooks'],
  },
  {
    name: 'a correction that cannot apply',
    async breaks(box) {
      const file = inSpec(box, 'corrections.yaml');
      await writeFile(
        file,
        (await readFile(file, 'utf8')) +
          '\n  - id: broken\n    target: docs-index\n    why: w\n    evidence: [e]\n    patch:\n      - { op: replace, path: /nowhere/actions/get, value: 1 }\n',
      );
    },
    code: 'INVALID_CORRECTION',
    where: { file: /corrections\.yaml/ },
    says: ['correction "broken" cannot replace /nowhere/actions/get'],
  },
  {
    name: 'an emptied docs index',
    async breaks(box) {
      await writeFile(inMirror(box, INDEX), '{}');
      await box.relock(INDEX);
    },
    code: 'UNSUPPORTED_INPUT',
    where: { file: /api-info\.json/, pointer: '' },
  },
  {
    name: 'an overlay that is not the documented shape',
    breaks: (box) => edit(inSpec(box, 'apis', 'application.yaml'), 'docs:\n', 'docz:\n'),
    code: 'INVALID_OVERLAY',
    where: { file: /application\.yaml/ },
  },
  {
    // `<resource>.<action>` collides when one resource is named like another's action path.
    name: 'a duplicate operationId',
    async breaks(box) {
      const index = JSON.parse(await readFile(inMirror(box, INDEX), 'utf8'));
      index['data.last'] = {
        path: '/applications/{applicationId}/data-last',
        params: index.data.params,
        actions: { valueQuery: index.data.actions.lastValueQuery },
      };
      index.data.actions['last.valueQuery'] = { ...index.data.actions.lastValueQuery, path: '/last/value-query' };
      await writeFile(inMirror(box, INDEX), JSON.stringify(index));
      await box.relock(INDEX);
      const file = inSpec(box, 'apis', 'data.yaml');
      await writeFile(file, (await readFile(file, 'utf8')) + '  data.last: Data\n');
    },
    code: 'DUPLICATE_OPERATION_ID',
    where: { file: /api-info\.json/ },
    says: ['"data.last.valueQuery"'],
  },
  {
    name: 'a YAML alias bomb in an upstream document',
    async breaks(box) {
      const file = inMirror(box, APP_DOC);
      const bomb = [
        'x-bomb:',
        '  a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]',
        ...'bcdefg'.split('').map((k, i) => `  ${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
      ].join('\n');
      await writeFile(file, `${bomb}\n${await readFile(file, 'utf8')}`);
      await box.relock(APP_DOC);
    },
    code: 'PARSE_ERROR',
    where: { file: APP_DOC_FILE },
    // Where: the alias of the largest aliased node, on the bomb's last line (line 8 of the file).
    says: [/expands its aliases beyond \d+ nodes \(a \d+-byte document\) \(line 8, column \d+\)/],
  },
  {
    name: 'a key written twice in a JSON input',
    async breaks(box) {
      await edit(inMirror(box, INDEX), '{', '{"webhook": {"path": "/x", "actions": {}},');
      await box.relock(INDEX);
    },
    code: 'PARSE_ERROR',
    where: { file: /api-info\.json/, pointer: '/webhook' },
    says: [/duplicate key "webhook" \(line \d+, column \d+\)/],
  },
  {
    name: 'a doc schema with a type no schema can say',
    breaks: (box) =>
      editSchema(box, 'jobEnqueuedResult', (doc) => {
        (doc['properties'] as Record<string, unknown>)['jobQueuedAt'] = { type: 'date' };
      }),
    code: 'UNSUPPORTED_INPUT',
    where: { file: /jobEnqueuedResult\.json/, pointer: '/properties/jobQueuedAt/type' },
    says: ['type "date" is no JSON type'],
  },
  {
    name: "a doc schema's defect in a part that fills an upstream dangling $ref is reported in the doc schema",
    // The fixture's upstream application.creationDate is a dangling $ref (as the real one is) that
    // this doc schema's part fills.
    breaks: (box) =>
      editSchema(box, 'application', (doc) => {
        (doc['properties'] as Record<string, unknown>)['creationDate'] = { type: 'date' };
      }),
    code: 'UNSUPPORTED_INPUT',
    where: { file: /schemas\/[^/]+\/application\.json/, pointer: '/properties/creationDate/type' },
    says: ['type "date" is no JSON type'],
  },
  {
    name: 'a doc schema that is a $ref cycle',
    breaks: (box) => editSchema(box, 'jobEnqueuedResult', () => ({ $ref: '#/definitions/jobEnqueuedResult' })),
    code: 'UNSUPPORTED_INPUT',
    where: { file: /jobEnqueuedResult\.json/ },
    says: ['jobEnqueuedResult → jobEnqueuedResult'],
  },
  {
    name: 'an upstream component that is a $ref cycle',
    async breaks(box) {
      const file = inMirror(box, APP_DOC);
      const doc = parse(await readFile(file, 'utf8')) as { components: { schemas: Record<string, unknown> } };
      doc.components.schemas['jobEnqueuedResult'] = { $ref: '#/components/schemas/success' };
      doc.components.schemas['success'] = { $ref: '#/components/schemas/jobEnqueuedResult' };
      await writeFile(file, stringify(doc));
      await box.relock(APP_DOC);
    },
    code: 'UNSUPPORTED_INPUT',
    where: { file: APP_DOC_FILE, pointer: '/components/schemas/' },
    says: [/\$ref cycle \((jobEnqueuedResult|success) → (success|jobEnqueuedResult) → (jobEnqueuedResult|success)\)/],
  },
  {
    name: 'an input larger than the generator reads (its cost is bounded by input size)',
    async breaks(box) {
      const file = inMirror(box, APP_DOC);
      await writeFile(file, `${await readFile(file, 'utf8')}\nx-padding: "${'x'.repeat(17 * 1024 * 1024)}"\n`);
      await box.relock(APP_DOC);
    },
    code: 'INPUT_TOO_LARGE',
    where: { file: APP_DOC_FILE },
    says: [/the input is 17\.\d MB; the generator reads inputs up to 16 MB/],
  },
  {
    name: 'a lock that is not the documented shape',
    breaks: (box) =>
      editLock(box, (lock) => {
        lock['docsIndex']!['sha256'] = 'not-a-sha';
      }),
    code: 'INVALID_LOCK',
    where: { file: /sources\.lock\.json/, pointer: '/docsIndex/sha256' },
  },
];

describe('bad input: a clear error, a non-zero exit and no output', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const box = await sandbox({ fixture: true });
    await c.breaks(box);
    const msg = await expectFailure(box.root, box.mirror, c.code, c.where);
    for (const s of c.says ?? []) {
      if (typeof s === 'string') expect(msg).toContain(s);
      else expect(msg).toMatch(s);
    }
    await rm(join(box.root, '..'), { recursive: true, force: true });
  });

  it('no mirror and no network', async () => {
    const { root } = await sandbox({ fixture: true, mirror: false });
    const offline = (async () => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND raw.githubusercontent.com') });
    }) as typeof fetch;
    const saved = globalThis.fetch;
    globalThis.fetch = offline;
    try {
      const msg = await expectFailure(
        root,
        undefined,
        'INPUT_DOWNLOAD_FAILED',
        { file: new RegExp(escape(INDEX)) },
        { LOSANT_UPSTREAM_DIR: undefined },
      );
      expect(msg).toContain('no upstream mirror is configured');
      expect(msg).toContain('ENOTFOUND');
    } finally {
      globalThis.fetch = saved;
    }
  });

  it('an explicit mirror that does not exist', async () => {
    const { root } = await sandbox({ fixture: true, mirror: false });
    await expectFailure(root, join(root, 'nowhere'), 'INPUT_NOT_FOUND', { file: /nowhere/ });
  });

  it('a failed run leaves an earlier good output untouched', async () => {
    const { root, mirror } = await sandbox({ fixture: true });
    expect((await run(root, mirror)).code).toBe(0);
    const before = await readFile(join(root, 'generated', 'application', 'openapi.json'), 'utf8');
    const file = join(root, 'spec', 'apis', 'application.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('  webhook: Webhooks\n', '  webhook: Nope\n'));
    expect((await run(root, mirror)).code).toBe(1);
    expect(await readFile(join(root, 'generated', 'application', 'openapi.json'), 'utf8')).toBe(before);
    await rm(root, { recursive: true, force: true });
  });
});
