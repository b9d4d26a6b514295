import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintDocument, loadLintConfig } from '../src/lint/redocly.js';
import type { OpenApiDocument } from '../src/reconcile/document.js';
import { report, spec } from './support/built.js';
import { mirrorDir, repoRoot } from './support/env.js';

type Op = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

let doc: OpenApiDocument;
let ops: Array<{ method: string; path: string; op: Op }>;
const opById = (id: string): Op => {
  const found = ops.find((o) => o.op['operationId'] === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found.op;
};
const param = (id: string, name: string): Op => (opById(id)['parameters'] as Op[]).find((p) => p['name'] === name)!;

beforeAll(() => {
  doc = spec();
  ops = Object.entries(doc['paths'] as Record<string, Record<string, Op>>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path, op: item[m]! })),
  );
});

describe('the reconciled Application API spec', () => {
  // Facts below come from the docs index itself (read here directly), not from the generator.
  const index = JSON.parse(readFileSync(join(mirrorDir, 'docs-index/1.29.4/api-info.json'), 'utf8')) as Record<string, any>;
  const overlayResources = [
    'application', 'applications', 'applicationApiToken', 'applicationApiTokens', 'applicationCertificate', 'applicationCertificates',
    'applicationCertificateAuthority', 'applicationCertificateAuthorities', 'applicationDashboard', 'applicationDashboards',
    'applicationJobLog', 'applicationJobLogs', 'applicationKey', 'applicationKeys', 'applicationTemplate', 'applicationTemplates',
    'auditLog', 'auditLogs', 'credential', 'credentials', 'dashboard', 'dashboards', 'event', 'events', 'file', 'files',
    'integration', 'integrations', 'privateFile', 'privateFiles', 'resourceJob', 'resourceJobs', 'webhook', 'webhooks', 'data',
  ];
  const documented = overlayResources.flatMap((r) =>
    Object.entries(index[r].actions as Record<string, any>).map(([a, act]) => ({
      id: `${r}.${a}`,
      method: String(act.method),
      path: index[r].path + (act.path ?? ''),
      params: [...(index[r].params ?? []), ...(act.params ?? [])] as Array<Record<string, any>>,
      responses: act.responses as Record<string, { schema?: { $ref: string } }>,
    })),
  );

  it('has exactly one operation per documented action: 117', () => {
    expect(documented).toHaveLength(117);
    expect(ops).toHaveLength(117);
    for (const d of documented) {
      const at = ops.filter((o) => o.method === d.method && o.path === d.path);
      expect(at, `${d.method} ${d.path}`).toHaveLength(1);
      expect(at[0]!.op['operationId']).toBe(d.id);
    }
  });

  it('gives every operation a unique operationId and exactly one tag', () => {
    const ids = ops.map((o) => o.op['operationId']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of ops) expect(o.op['tags']).toHaveLength(1);
    expect((doc['tags'] as Op[]).map((t) => t['name'])).toHaveLength(15);
  });

  it('carries every documented parameter with its location and requiredness', () => {
    for (const d of documented) {
      const op = opById(d.id);
      for (const p of d.params) {
        if (p['in'] === 'body') {
          expect(op['x-codegen-request-body-name'], d.id).toBe(p['name']);
          expect(op['requestBody'].required === true, d.id).toBe(p['required'] === true);
        } else if (p['in'] === 'multipart') {
          const form = op['requestBody'].content['multipart/form-data'].schema;
          expect(form.properties[p['name']], `${d.id} ${p['name']}`).toBeDefined();
          expect((form.required ?? []).includes(p['name']), `${d.id} ${p['name']}`).toBe(p['required'] === true);
        } else {
          const q = (op['parameters'] as Op[]).find((x) => x['name'] === p['name']);
          expect(q?.['in'], `${d.id} ${p['name']}`).toBe(p['in']);
          expect(q?.['required'], `${d.id} ${p['name']}`).toBe(p['in'] === 'path' || p['required'] === true);
        }
      }
    }
  });

  it('keeps the 24-hex pattern on every path ID', () => {
    const pathParams = ops.flatMap((o) => (o.op['parameters'] as Op[] | undefined ?? []).filter((p) => p['in'] === 'path'));
    expect(pathParams.length).toBeGreaterThan(100);
    for (const p of pathParams) expect(p['schema']['pattern']).toBe('^[A-Fa-f\\d]{24}$');
  });

  it('models object-typed query params as JSON content, so they are JSON-encoded on the wire', () => {
    const query = param('events.get', 'query');
    expect(query['schema']).toBeUndefined();
    expect(query['content']['application/json']['schema']).toEqual({ $ref: '#/components/schemas/advancedEventQuery' });
    // A filter the docs give only a schema (no `object` type) is bracket-encoded instead.
    expect(param('auditLogs.get', 'auditLogFilter')).toMatchObject({ style: 'deepObject', explode: true, schema: { $ref: '#/components/schemas/auditLogFilter' } });
    expect(param('applicationTemplates.get', 'keywords')).toMatchObject({ style: 'deepObject', schema: { type: 'array', items: { type: 'string' } } });
  });

  it('writes query examples as the text they are on the wire', () => {
    expect(param('application.archiveData', 'date')).toMatchObject({ required: true, example: '1518556791829', schema: { type: 'string' } });
  });

  it('makes body params JSON request bodies and multipart params form bodies', () => {
    expect(opById('application.applyTemplate')['requestBody']).toEqual({
      description: 'Object containing template import options',
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/applicationApplyTemplatePatch' },
          // the docs' own example for this schema, validated against it by redocly lint
          example: { email: 'email@example.com', templateId: '575ec8687ae143cd83dc4a97' },
        },
      },
    });
    const form = opById('applications.import')['requestBody'].content['multipart/form-data'];
    expect(form.schema.properties.importBundle).toMatchObject({ type: 'string', format: 'binary' });
    expect(form.schema.properties.ownerType).toMatchObject({ type: 'string', enum: ['user', 'organization'], default: 'user' });
    expect(form.encoding).toEqual({ options: { contentType: 'application/json' } });
    expect(opById('file.upload')['requestBody'].content['multipart/form-data'].schema.required).toEqual(['file']);
  });

  it('describes SSE actions as text/event-stream with their events', () => {
    const ok = opById('application.mqttSubscriptionStream')['responses']['200'];
    expect(Object.keys(ok.content)).toEqual(['text/event-stream']);
    expect(ok['x-sse-events']).toEqual({
      mqttMessage: { description: 'An SSE event representing a single mqtt payload', schema: { $ref: '#/components/schemas/mqttPublishBody' } },
    });
  });

  it('has every documented response status with its schema', () => {
    for (const d of documented) {
      const responses = opById(d.id)['responses'] as Record<string, Op>;
      expect(Object.keys(responses).sort(), d.id).toEqual(Object.keys(d.responses).sort());
      for (const [status, r] of Object.entries(d.responses)) {
        if (!r.schema) continue;
        const name = r.schema.$ref.replace('#/definitions/', '');
        expect(responses[status]!['content']['application/json'].schema, `${d.id} ${status}`).toEqual({ $ref: `#/components/schemas/${name}` });
      }
    }
    const clone = opById('application.clone')['responses'];
    expect(Object.keys(clone)).toEqual(['200', '201', '202', '400', '404', '422']);
    expect(clone['422'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/validationErrors' });
  });

  it('declares bearer auth, no auth where the docs require none, and the documented scopes', () => {
    expect(doc['security']).toEqual([{ BearerAuth: [] }]);
    expect(opById('dashboard.get')['security']).toEqual([]);
    expect(opById('dashboard.validateContext')['security']).toEqual([]);
    expect(opById('application.archiveData')['security']).toEqual([{ BearerAuth: [] }]);
    expect(opById('application.archiveData')['x-losant-scopes']).toEqual(['application.*', 'application.archiveData']);
  });

  it('is accepted by redocly lint (recommended) with 0 errors and 0 warnings', async () => {
    const config = await loadLintConfig(join(repoRoot, 'spec', 'redocly.yaml'));
    const result = await lintDocument({ doc, name: 'application' }, config);
    expect(result.problems).toEqual([]);
  });

  it('has no dangling $refs', () => {
    const refs: string[] = [];
    JSON.stringify(doc, (k, v) => {
      if (k === '$ref') refs.push(v as string);
      return v;
    });
    const schemas = (doc['components'] as Op)['schemas'] as Record<string, unknown>;
    expect(refs.length).toBeGreaterThan(500);
    for (const r of refs) expect(Object.hasOwn(schemas, r.replace('#/components/schemas/', '')), r).toBe(true);
  });

  it('is accepted by openapi-typescript', async () => {
    const types = astToString(await openapiTS(doc as any));
    expect(types).toContain('"/applications/{applicationId}/archiveData"');
    expect(types).toContain('"application.archiveData": {');
  });
});

describe('the fidelity report', () => {
  it('measures the input as the upstream README describes it', () => {
    const r = report();
    expect(r.input.lint).toMatchObject({ errors: 681, warnings: 157 });
    expect(r.input.danglingRefs).toMatchObject({ count: 110, inSchemas: 83 });
    expect(r.input.operations).toBe(83);
    expect(r.input.matchedOperations).toBe(70);
    expect(r.input.collapsedOperations).toHaveLength(13);
  });

  it('names what each collapsed upstream operation really describes', () => {
    const collapsed = report().input.collapsedOperations;
    const at = (m: string, p: string) => collapsed.find((c) => c.method === m && c.path === p);
    expect(at('GET', '/applications/{applicationId}')).toMatchObject({ describes: { operationId: 'application.importLogs' }, documentedHere: 'application.get' });
    expect(at('GET', '/applications')).toMatchObject({ describes: { operationId: 'applications.periodSummaries' }, documentedHere: 'applications.get' });
    expect(at('POST', '/applications/{applicationId}/resource-jobs/{resourceJobId}')?.documentedHere).toBeUndefined();
  });

  it('shows 117/117 coverage, lint 0/0 and no disagreement with the docs', () => {
    const r = report();
    expect(r.output.coverage.filter((c) => c.ok)).toHaveLength(117);
    expect(r.output.lint).toMatchObject({ errors: 0, warnings: 0 });
    expect(r.output.disagreements).toEqual([]);
    expect(r.output.danglingRefs).toEqual([]);
  });
});
