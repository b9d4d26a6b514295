/**
 * The reconciled documents of every API against the inputs, read here directly: every action of
 * the docs index is exactly one operation, in the document of the API whose overlay maps it,
 * with its documented parameters, body, responses and auth; every document lints clean and is
 * accepted by openapi-typescript.
 */
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { builtApis, model, report, spec, summary } from './support/built.js';
import {
  corrected,
  corrections,
  docsIndex,
  documented,
  lock,
  overlays,
  readmeTable,
  tokenScopes,
  upstreamOperations,
} from './support/inputs.js';

type Obj = Record<string, any>;
const apis = builtApis();
const opsOf = (api: string) =>
  Object.entries(spec(api)['paths'] as Record<string, Record<string, Obj>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
const all = apis.flatMap((api) => opsOf(api).map((o) => ({ api, ...o })));
const byId = new Map(all.map((o) => [o.op['operationId'] as string, o]));
const opById = (id: string): Obj => {
  const found = byId.get(id);
  if (!found) throw new Error(`no operation ${id}`);
  return found.op;
};
const param = (id: string, name: string): Obj => (opById(id)['parameters'] as Obj[]).find((p) => p['name'] === name)!;

describe('the reconciled documents of every API', () => {
  it('builds one document per overlay', () => {
    expect(apis).toEqual(overlays.map((o) => o.api));
  });

  it('maps every docs-index resource in exactly one overlay', () => {
    const mapped = overlays.flatMap((o) => Object.keys(o.resources));
    expect(new Set(mapped).size).toBe(mapped.length);
    expect([...mapped].sort()).toEqual(Object.keys(docsIndex).sort());
  });

  it("has exactly one operation per documented action, in its API's document, at its method and full path", () => {
    expect(all).toHaveLength(documented.length);
    for (const d of documented) {
      const at = all.filter((o) => o.method === d.method && o.path === d.path);
      expect(at, `${d.method} ${d.path}`).toHaveLength(1);
      expect(at[0]!.op['operationId'], `${d.method} ${d.path}`).toBe(d.id);
      expect(at[0]!.api, d.id).toBe(d.api);
    }
  });

  it('gives every operation a unique operationId and exactly one tag its API declares', () => {
    const ids = all.map((o) => o.op['operationId']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of all) {
      const overlay = overlays.find((x) => x.api === o.api)!;
      expect(o.op['tags'], o.op['operationId']).toEqual([overlay.resources[o.op['x-losant-resource']]]);
    }
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
          const q = (op['parameters'] as Obj[]).find((x) => x['name'] === p['name']);
          expect(q?.['in'], `${d.id} ${p['name']}`).toBe(p['in']);
          expect(q?.['required'], `${d.id} ${p['name']}`).toBe(p['in'] === 'path' || p['required'] === true);
        }
      }
    }
  });

  it("lists each action's query parameters in the docs' order (the order Losant's client sends them)", () => {
    for (const d of documented) {
      const queried = ((opById(d.id)['parameters'] as Obj[] | undefined) ?? [])
        .filter((q) => q['in'] === 'query')
        .map((q) => q['name']);
      expect(queried, d.id).toEqual(d.params.filter((p) => p['in'] === 'query').map((p) => p['name']));
    }
  });

  it('keeps each documented pattern on path parameters', () => {
    const withPattern = documented.flatMap((d) =>
      d.params.filter((p) => p['in'] === 'path' && p['pattern']).map((p) => ({ d, p })),
    );
    expect(withPattern.length).toBeGreaterThan(300);
    for (const { d, p } of withPattern)
      expect(param(d.id, p['name'])['schema']['pattern'], `${d.id} ${p['name']}`).toBe(p['pattern']);
  });

  it('models object-typed query params as JSON content, schema-only ones as brackets', () => {
    for (const d of documented) {
      for (const p of d.params.filter((x) => x['in'] === 'query')) {
        const q = param(d.id, p['name']);
        if (p['type'] === 'object') expect(q['content']?.['application/json'], `${d.id} ${p['name']}`).toBeDefined();
        else if (p['schema'] || p['type'] === 'array')
          expect(q, `${d.id} ${p['name']}`).toMatchObject({ style: 'deepObject', explode: true });
        else
          expect(q['schema']['type'], `${d.id} ${p['name']}`).toBe(
            ['number', 'integer', 'boolean'].includes(p['type']) ? p['type'] : 'string',
          );
      }
    }
    expect(param('events.get', 'query')['content']['application/json']['schema']).toEqual({
      $ref: '#/components/schemas/advancedEventQuery',
    });
  });

  it('writes query examples as the text they are on the wire', () => {
    for (const d of documented) {
      for (const p of d.params.filter(
        (x) => x['in'] === 'query' && x['type'] === 'string' && ['number', 'boolean'].includes(typeof x['example']),
      )) {
        expect(param(d.id, p['name'])['example'], `${d.id} ${p['name']}`).toBe(String(p['example']));
      }
    }
  });

  it("makes body params JSON request bodies, with the docs' own example where they have one", () => {
    for (const d of documented) {
      const body = d.params.find((p) => p['in'] === 'body');
      if (!body) continue;
      const media = opById(d.id)['requestBody'].content['application/json'];
      expect(media.schema, d.id).toEqual({
        $ref: `#/components/schemas/${String(body['schema'].$ref).replace('#/definitions/', '')}`,
      });
    }
  });

  it('describes every SSE action as text/event-stream with its events', () => {
    const streams = documented.filter((d) => docsIndex[d.resource]!['actions'][d.action]['sseStream']);
    expect(streams.length).toBeGreaterThan(0);
    for (const d of streams) {
      const [status, r] = Object.entries(d.responses).find(([, r]) => r['sseEvents'])!;
      const out = opById(d.id)['responses'][status];
      expect(Object.keys(out.content), d.id).toEqual(['text/event-stream']);
      expect(Object.keys(out['x-losant-sse-events']), d.id).toEqual(Object.keys(r['sseEvents']));
    }
  });

  it("has every documented response status with its schema (or the correction's)", () => {
    for (const d of documented) {
      const responses = opById(d.id)['responses'] as Record<string, Obj>;
      for (const [status, r] of Object.entries(d.responses)) {
        expect(responses[status], `${d.id} ${status}`).toBeDefined();
        if (!r['schema'] || corrected.has(`/${d.resource}/actions/${d.action}/responses/${status}/schema/$ref`))
          continue;
        expect(responses[status]!['content']['application/json'].schema, `${d.id} ${status}`).toEqual({
          $ref: `#/components/schemas/${String(r['schema'].$ref).replace('#/definitions/', '')}`,
        });
      }
    }
  });

  it('declares bearer auth, none where the docs require none, and every scope that grants the action', () => {
    for (const d of documented) {
      const op = opById(d.id);
      const needsToken = d.auth !== undefined || corrected.has(`/${d.resource}/actions/${d.action}/auth`);
      expect(op['security'], d.id).toEqual(needsToken ? [{ BearerAuth: [] }] : []);
      if (!needsToken) continue;
      const family = tokenScopes.actions[d.resource]?.[d.action];
      const broad = family && family !== 'none' ? tokenScopes.families[family]! : [];
      expect([...op['x-losant-scopes']].sort(), d.id).toEqual(
        [...new Set([...broad, ...d.resourceAuth, ...(d.auth ?? [])])].sort(),
      );
    }
    expect(opById('device.getState')['x-losant-scopes']).toContain('all.Device');
    expect(opById('device.delete')['x-losant-scopes']).not.toContain('all.Device');
  });

  it('applies every correction to the docs index', () => {
    for (const c of corrections.filter((x) => x.target === 'docs-index')) {
      for (const p of c.patch.filter((x) => x.op === 'replace' || x.op === 'add')) {
        const [resource, , action, ...rest] = p.path.split('/').slice(1);
        const op = opById(`${resource}.${action}`);
        if (rest[0] === 'responses' && rest[2] === 'schema')
          expect(op['responses'][rest[1]!].content['application/json'].schema, c.id).toEqual({
            $ref: String(p.value).replace('#/definitions/', '#/components/schemas/'),
          });
        else if (rest[0] === 'responses') expect(op['responses'][rest[1]!], c.id).toBeDefined();
        else if (rest[0] === 'auth') expect(op['security'], c.id).toEqual([{ BearerAuth: [] }]);
        else throw new Error(`no check for ${p.path}`);
      }
    }
  });

  // The build lints every document it writes with spec/redocly.yaml (recommended) and refuses one
  // with any problem (LINT_FAILED, check.test.ts); what it found is in the report, rule by rule.
  it.each(apis.map((a) => [a]))('%s: redocly lint (recommended) finds 0 errors and 0 warnings', (api) => {
    expect(report(api).output.lint).toEqual({ errors: 0, warnings: 0, byRule: {} });
  });

  it.each(apis.map((a) => [a]))('%s: no dangling $refs', (api) => {
    const doc = spec(api);
    const refs: string[] = [];
    JSON.stringify(doc, (k, v) => {
      if (k === '$ref') refs.push(v as string);
      return v;
    });
    const schemas = (doc['components'] as Obj)['schemas'] as Record<string, unknown>;
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(Object.hasOwn(schemas, r.replace('#/components/schemas/', '')), r).toBe(true);
  });

  it.each(apis.map((a) => [a]))('%s: accepted by openapi-typescript', async (api) => {
    const types = astToString(await openapiTS(spec(api) as never));
    for (const o of model(api).operations) expect(types, o.operationId).toContain(`"${o.operationId}": {`);
  });
});

describe('the fidelity reports', () => {
  it("count every API's resources, documented actions and upstream operations as the inputs have them", () => {
    for (const row of summary().apis) {
      const overlay = overlays.find((o) => o.api === row.api)!;
      expect(row.resources, row.api).toBe(Object.keys(overlay.resources).length);
      expect(row.documentedActions, row.api).toBe(documented.filter((d) => d.api === row.api).length);
      expect(row.upstreamOperations, row.api).toBe(upstreamOperations(row.api));
      expect(row.describedCorrectly, row.api).toBeLessThanOrEqual(row.upstreamOperations);
    }
  });

  it('measure the inputs the mirror README measured exactly as it does (resources / actions / upstream operations / described correctly)', () => {
    const { revision, table } = readmeTable();
    if (lock['openapi'].revision !== revision.openapi || lock['docsIndex'].apiVersion !== revision.docsIndex) {
      console.log(
        `the mirror README measured OpenAPI ${revision.openapi} against docs index ${revision.docsIndex}; the lock is at ${lock['openapi'].revision} / ${lock['docsIndex'].apiVersion}: compared above with counts taken from the inputs instead`,
      );
      return;
    }
    expect(Object.keys(table).sort()).toEqual(apis);
    for (const row of summary().apis)
      expect([row.resources, row.documentedActions, row.upstreamOperations, row.describedCorrectly], row.api).toEqual(
        table[row.api],
      );
  });

  it('show N/N coverage, lint 0/0 and no disagreement with the docs, per API and in the summary', () => {
    for (const api of apis) {
      const r = report(api);
      expect(
        r.output.coverage.filter((c) => c.ok),
        api,
      ).toHaveLength(documented.filter((d) => d.api === api).length);
      expect(r.output.lint, api).toMatchObject({ errors: 0, warnings: 0 });
      expect(r.output.disagreements, api).toEqual([]);
      expect(r.output.danglingRefs, api).toEqual([]);
    }
    const s = summary();
    expect(s.apis.reduce((n, a) => n + a.covered, 0)).toBe(documented.length);
  });

  it('names what each collapsed upstream operation really describes', () => {
    const collapsed = report('application').input.collapsedOperations;
    const at = (m: string, p: string) => collapsed.find((c) => c.method === m && c.path === p);
    expect(at('GET', '/applications/{applicationId}')).toMatchObject({
      describes: { operationId: 'application.importLogs' },
      documentedHere: 'application.get',
    });
    expect(at('GET', '/applications')).toMatchObject({
      describes: { operationId: 'applications.periodSummaries' },
      documentedHere: 'applications.get',
    });
  });

  it('lists every correction with its evidence, and every action the broad scopes do not cover', () => {
    const s = summary();
    for (const c of corrections)
      expect(
        s.corrections.map((x) => x.id),
        c.id,
      ).toContain(c.id);
    for (const c of s.corrections) expect(c.evidence.length, c.id).toBeGreaterThan(0);
    const scopes = s.corrections.find((c) => c.id === 'token-scopes')!;
    const listed = Object.entries(tokenScopes.actions).flatMap(([r, acts]) =>
      Object.keys(acts).map((a) => `${r}.${a}`),
    );
    const unlisted = documented.filter((d) => !listed.includes(d.id)).map((d) => d.id);
    expect(unlisted.every((id) => scopes.notes!.some((n) => n.startsWith(`${id}:`)))).toBe(true);
  });
});
