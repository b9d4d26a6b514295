import { existsSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { committedLock, sandbox } from './support/env.js';

const APP_DOC = committedLock.openapi.documents['application']!.path;
const INDEX = committedLock.docsIndex.path;

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

describe('bad input: a clear error, a non-zero exit and no output', () => {
  it('malformed YAML in the upstream document', async () => {
    const { root, mirror, relock } = await sandbox();
    const file = join(mirror, APP_DOC);
    await writeFile(file, (await readFile(file, 'utf8')).replace('paths:\n', 'paths:\n  - [unclosed\n'));
    await relock(APP_DOC);
    const msg = await expectFailure(root, mirror, 'PARSE_ERROR', {
      file: new RegExp(APP_DOC.split('/').pop()!.replace(/\./g, '\\.')),
    });
    expect(msg).toMatch(/malformed YAML \(line \d+, column \d+\)/);
  });

  it('malformed JSON in the docs index', async () => {
    const { root, mirror, relock } = await sandbox();
    await writeFile(join(mirror, INDEX), '{"application": {"path": "/applications/{applicationId}",');
    await relock(INDEX);
    const msg = await expectFailure(root, mirror, 'PARSE_ERROR', { file: /api-info\.json/ });
    expect(msg).toMatch(/malformed JSON/);
  });

  it('a sha256 mismatch', async () => {
    const { root, mirror } = await sandbox();
    const file = join(mirror, APP_DOC);
    await writeFile(file, (await readFile(file, 'utf8')) + '\n# tampered\n');
    const msg = await expectFailure(root, mirror, 'SHA_MISMATCH', {
      file: new RegExp(APP_DOC.split('/').pop()!.replace(/\./g, '\\.')),
    });
    expect(msg).toContain('spec:bump');
  });

  it('no mirror and no network', async () => {
    const { root } = await sandbox();
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
        { file: new RegExp(INDEX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) },
        { LOSANT_UPSTREAM_DIR: undefined },
      );
      expect(msg).toContain('no upstream mirror is configured');
      expect(msg).toContain('ENOTFOUND');
    } finally {
      globalThis.fetch = saved;
    }
  });

  it('an explicit mirror that does not exist', async () => {
    const { root } = await sandbox();
    await expectFailure(root, join(root, 'nowhere'), 'INPUT_NOT_FOUND', { file: /nowhere/ });
  });

  it('a ref nothing can repair', async () => {
    const { root, mirror, relock } = await sandbox();
    const schema = committedLock.schemas.files['jobEnqueuedResult']!.path;
    const doc = JSON.parse(await readFile(join(mirror, schema), 'utf8'));
    doc.properties.jobId = { $ref: '#/nowhere/jobId' };
    await writeFile(join(mirror, schema), JSON.stringify(doc));
    await relock(schema);
    await expectFailure(root, mirror, 'UNREPAIRABLE_REF', {
      file: /jobEnqueuedResult\.json/,
      pointer: '/properties/jobId',
    });
  });

  it('a referenced schema with no doc schema to build it from', async () => {
    const { root, mirror } = await sandbox();
    const lockFile = join(root, 'spec', 'sources.lock.json');
    const lock = JSON.parse(await readFile(lockFile, 'utf8'));
    delete lock.schemas.files.mqttPublishBody;
    await writeFile(lockFile, JSON.stringify(lock));
    const msg = await expectFailure(root, mirror, 'UNREPAIRABLE_REF', {
      file: /api-info\.json/,
      pointer: '/application/actions/mqttPublishMessage',
    });
    expect(msg).toContain('"mqttPublishBody"');
  });

  it('an overlay naming an unknown resource', async () => {
    const { root, mirror } = await sandbox();
    const file = join(root, 'spec', 'apis', 'application.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('  webhooks: Webhooks\n', '  webhooks: Webhooks\n  webhookz: Webhooks\n'),
    );
    const msg = await expectFailure(root, mirror, 'UNKNOWN_RESOURCE', {
      file: /application\.yaml/,
      pointer: '/resources/webhookz',
    });
    expect(msg).toContain('"webhookz"');
  });

  it('an overlay naming an unknown tag', async () => {
    const { root, mirror } = await sandbox();
    const file = join(root, 'spec', 'apis', 'application.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('  webhook: Webhooks\n', '  webhook: Web Hooks\n'));
    const msg = await expectFailure(root, mirror, 'UNKNOWN_TAG', {
      file: /application\.yaml/,
      pointer: '/resources/webhook',
    });
    expect(msg).toContain('"Web Hooks"');
  });

  it('a docs-index resource no overlay maps: named, with the overlay to map it in', async () => {
    const { root, mirror } = await sandbox();
    const file = join(root, 'spec', 'apis', 'application.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('  auditLog: Audit Logs\n', ''));
    const msg = await expectFailure(root, mirror, 'UNMAPPED_RESOURCE', {
      file: /api-info\.json/,
      pointer: '/auditLog',
    });
    expect(msg).toContain('auditLog (/orgs/{orgId}/audit-logs/{auditLogId}): map it in spec/apis/application.yaml');
  });

  it('a resource mapped by two overlays', async () => {
    const { root, mirror } = await sandbox();
    const file = join(root, 'spec', 'apis', 'device.yaml');
    await writeFile(file, (await readFile(file, 'utf8')) + '  webhook: Devices\n');
    const msg = await expectFailure(root, mirror, 'INVALID_OVERLAY', {
      file: /device\.yaml/,
      pointer: '/resources/webhook',
    });
    expect(msg).toContain('mapped by both the application and the device overlay');
  });

  it("a resource mapped by an API whose document does not describe it (data is the data API's)", async () => {
    const { root, mirror } = await sandbox();
    const data = join(root, 'spec', 'apis', 'data.yaml');
    await writeFile(data, (await readFile(data, 'utf8')).replace('  data: Data\n', ''));
    const app = join(root, 'spec', 'apis', 'application.yaml');
    await writeFile(
      app,
      (await readFile(app, 'utf8')).replace('  webhooks: Webhooks\n', '  webhooks: Webhooks\n  data: Webhooks\n'),
    );
    const msg = await expectFailure(root, mirror, 'INVALID_OVERLAY', {
      file: /application\.yaml/,
      pointer: '/resources/data',
    });
    expect(msg).toContain('move "data" to spec/apis/data.yaml');
  });

  it('two tags, in two APIs, that would be the same package', async () => {
    const { root, mirror } = await sandbox();
    const file = join(root, 'spec', 'apis', 'device.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('  Device Recipes:\n', '  Device Recipes:\n    package: webhooks\n'),
    );
    const msg = await expectFailure(root, mirror, 'NAME_COLLISION', {
      file: /device\.yaml/,
      pointer: '/tags/Device Recipes',
    });
    expect(msg).toContain('spec/apis/application.yaml#/tags/Webhooks');
  });

  it('a correction that cannot apply', async () => {
    const { root, mirror } = await sandbox();
    const file = join(root, 'spec', 'corrections.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')) +
        '\n  - id: broken\n    target: docs-index\n    why: w\n    evidence: [e]\n    patch:\n      - { op: replace, path: /nowhere/actions/get, value: 1 }\n',
    );
    const msg = await expectFailure(root, mirror, 'INVALID_CORRECTION', { file: /corrections\.yaml/ });
    expect(msg).toContain('correction "broken" cannot replace /nowhere/actions/get');
  });

  it('an emptied docs index', async () => {
    const { root, mirror, relock } = await sandbox();
    await writeFile(join(mirror, INDEX), '{}');
    await relock(INDEX);
    await expectFailure(root, mirror, 'UNSUPPORTED_INPUT', { file: /api-info\.json/, pointer: '' });
  });

  it('an overlay that is not the documented shape', async () => {
    const { root, mirror } = await sandbox();
    const file = join(root, 'spec', 'apis', 'application.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('docs:\n', 'docz:\n'));
    await expectFailure(root, mirror, 'INVALID_OVERLAY', { file: /application\.yaml/ });
  });

  it('a duplicate operationId', async () => {
    // `<resource>.<action>` collides when one resource is named like another's action path.
    const { root, mirror, relock } = await sandbox();
    const index = JSON.parse(await readFile(join(mirror, INDEX), 'utf8'));
    index['data.last'] = {
      path: '/applications/{applicationId}/data-last',
      params: index.data.params,
      actions: { valueQuery: index.data.actions.lastValueQuery },
    };
    index.data.actions['last.valueQuery'] = { ...index.data.actions.lastValueQuery, path: '/last/value-query' };
    await writeFile(join(mirror, INDEX), JSON.stringify(index));
    await relock(INDEX);
    const file = join(root, 'spec', 'apis', 'data.yaml');
    await writeFile(file, (await readFile(file, 'utf8')) + '  data.last: Data\n');
    const msg = await expectFailure(root, mirror, 'DUPLICATE_OPERATION_ID', { file: /api-info\.json/ });
    expect(msg).toContain('"data.last.valueQuery"');
  });

  it('a YAML alias bomb in an upstream document', async () => {
    const { root, mirror, relock } = await sandbox();
    const file = join(mirror, APP_DOC);
    const bomb = [
      'x-bomb:',
      '  a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]',
      ...'bcdefg'.split('').map((k, i) => `  ${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
    ].join('\n');
    await writeFile(file, `${bomb}\n${await readFile(file, 'utf8')}`);
    await relock(APP_DOC);
    const msg = await expectFailure(root, mirror, 'PARSE_ERROR', {
      file: new RegExp(APP_DOC.split('/').pop()!.replace(/\./g, '\\.')),
    });
    // Where: the alias of the largest aliased node, on the bomb's last line (line 8 of the file).
    expect(msg).toMatch(/expands its aliases beyond \d+ nodes \(a \d+-byte document\) \(line 8, column \d+\)/);
  });

  it('a key written twice in a JSON input', async () => {
    const { root, mirror, relock } = await sandbox();
    const text = await readFile(join(mirror, INDEX), 'utf8');
    await writeFile(join(mirror, INDEX), text.replace('{', '{"webhook": {"path": "/x", "actions": {}},'));
    await relock(INDEX);
    const msg = await expectFailure(root, mirror, 'PARSE_ERROR', { file: /api-info\.json/, pointer: '/webhook' });
    expect(msg).toMatch(/duplicate key "webhook" \(line \d+, column \d+\)/);
  });

  it('a doc schema with a type no schema can say', async () => {
    const { root, mirror, relock } = await sandbox();
    const schema = committedLock.schemas.files['jobEnqueuedResult']!.path;
    const doc = JSON.parse(await readFile(join(mirror, schema), 'utf8'));
    doc.properties.jobQueuedAt = { type: 'date' };
    await writeFile(join(mirror, schema), JSON.stringify(doc));
    await relock(schema);
    const msg = await expectFailure(root, mirror, 'UNSUPPORTED_INPUT', {
      file: /jobEnqueuedResult\.json/,
      pointer: '/properties/jobQueuedAt/type',
    });
    expect(msg).toContain('type "date" is no JSON type');
  });

  it("a doc schema's defect in a part that fills an upstream dangling $ref is reported in the doc schema", async () => {
    const { root, mirror, relock } = await sandbox();
    const schema = committedLock.schemas.files['application']!.path;
    const doc = JSON.parse(await readFile(join(mirror, schema), 'utf8'));
    // Upstream's application.creationDate is a dangling $ref that this doc schema's part fills.
    doc.properties.creationDate = { type: 'date' };
    await writeFile(join(mirror, schema), JSON.stringify(doc));
    await relock(schema);
    const msg = await expectFailure(root, mirror, 'UNSUPPORTED_INPUT', {
      file: /schemas\/[^/]+\/application\.json/,
      pointer: '/properties/creationDate/type',
    });
    expect(msg).toContain('type "date" is no JSON type');
  });

  it('a doc schema that is a $ref cycle', async () => {
    const { root, mirror, relock } = await sandbox();
    const schema = committedLock.schemas.files['jobEnqueuedResult']!.path;
    await writeFile(join(mirror, schema), JSON.stringify({ $ref: '#/definitions/jobEnqueuedResult' }));
    await relock(schema);
    const msg = await expectFailure(root, mirror, 'UNSUPPORTED_INPUT', { file: /jobEnqueuedResult\.json/ });
    expect(msg).toContain('jobEnqueuedResult → jobEnqueuedResult');
  });

  it('an upstream component that is a $ref cycle', async () => {
    const { root, mirror, relock } = await sandbox();
    const file = join(mirror, APP_DOC);
    const doc = parse(await readFile(file, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    doc.components.schemas['jobEnqueuedResult'] = { $ref: '#/components/schemas/success' };
    doc.components.schemas['success'] = { $ref: '#/components/schemas/jobEnqueuedResult' };
    await writeFile(file, stringify(doc));
    await relock(APP_DOC);
    const msg = await expectFailure(root, mirror, 'UNSUPPORTED_INPUT', {
      file: new RegExp(APP_DOC.split('/').pop()!.replace(/\./g, '\\.')),
      pointer: '/components/schemas/',
    });
    expect(msg).toMatch(
      /\$ref cycle \((jobEnqueuedResult|success) → (success|jobEnqueuedResult) → (jobEnqueuedResult|success)\)/,
    );
  });

  it('an input larger than the generator reads (its cost is bounded by input size)', async () => {
    const { root, mirror, relock } = await sandbox();
    const file = join(mirror, APP_DOC);
    await writeFile(file, `${await readFile(file, 'utf8')}\nx-padding: "${'x'.repeat(17 * 1024 * 1024)}"\n`);
    await relock(APP_DOC);
    const msg = await expectFailure(root, mirror, 'INPUT_TOO_LARGE', {
      file: new RegExp(APP_DOC.split('/').pop()!.replace(/\./g, '\\.')),
    });
    expect(msg).toMatch(/the input is 17\.\d MB; the generator reads inputs up to 16 MB/);
  });

  it('a lock that is not the documented shape', async () => {
    const { root, mirror } = await sandbox();
    const lockFile = join(root, 'spec', 'sources.lock.json');
    const lock = JSON.parse(await readFile(lockFile, 'utf8'));
    lock.docsIndex.sha256 = 'not-a-sha';
    await writeFile(lockFile, JSON.stringify(lock));
    await expectFailure(root, mirror, 'INVALID_LOCK', { file: /sources\.lock\.json/, pointer: '/docsIndex/sha256' });
  });

  it('a failed run leaves an earlier good output untouched', async () => {
    const { root, mirror } = await sandbox();
    expect((await run(root, mirror)).code).toBe(0);
    const before = await readFile(join(root, 'generated', 'application', 'openapi.json'), 'utf8');
    const file = join(root, 'spec', 'apis', 'application.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('  webhook: Webhooks\n', '  webhook: Nope\n'));
    expect((await run(root, mirror)).code).toBe(1);
    expect(await readFile(join(root, 'generated', 'application', 'openapi.json'), 'utf8')).toBe(before);
    await rm(root, { recursive: true, force: true });
  });
});
