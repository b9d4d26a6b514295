/**
 * Every documented operation, called through the public API with its documented example
 * params, must put the right request on the wire. The expected request is derived from the
 * reconciled spec by this file's own, deliberately plain reading of it (an oracle written
 * independently of core's serializers), plus a few requests spelled out by hand.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLosantClient } from '../src/index.js';

type Obj = Record<string, any>;
const spec = JSON.parse(readFileSync(fileURLToPath(new URL('../../../generated/application/openapi.json', import.meta.url)), 'utf8')) as Obj;
const TOKEN = 'wire-test-token';

interface Case {
  id: string;
  resource: string;
  action: string;
  method: string;
  path: string;
  op: Obj;
}
const cases: Case[] = Object.entries(spec['paths'] as Record<string, Obj>).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ id: op['operationId'], resource: op['x-losant-resource'], action: op['x-losant-action'], method: method.toUpperCase(), path, op })),
);

/** A value for a parameter: its documented example, else something of its documented shape. */
function exampleFor(p: Obj): unknown {
  if (p['example'] !== undefined) return p['example'];
  const content = p['content']?.['application/json'];
  if (content) return content.example ?? { name: 'example' };
  if (p['style'] === 'deepObject') return p['schema']?.type === 'array' ? ['a', 'b'] : { key: 'k', value: ['v1', 'v2'] };
  if (p['schema']?.enum) return p['schema'].enum[0];
  return 'example';
}

/** The query pairs the spec says a parameter becomes: plain text, JSON text, or bracket-spelled. */
function expectedPairs(p: Obj, value: unknown): Array<[string, string]> {
  if (p['content']) return [[p['name'], JSON.stringify(value)]];
  if (p['style'] === 'deepObject') {
    const out: Array<[string, string]> = [];
    const walk = (key: string, v: unknown) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(`${key}[${i}]`, x));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(`${key}[${k}]`, x);
      else out.push([key, String(v)]);
    };
    walk(p['name'], value);
    return out;
  }
  return [[p['name'], String(value)]];
}

async function call(c: Case): Promise<{ request: Request; params: Obj; expected: { url: string; pairs: Array<[string, string]>; json?: unknown; form?: Obj } }> {
  const requests: Request[] = [];
  const fetch = async (req: Request) => {
    requests.push(req.clone());
    if (c.op['x-losant-sse']) return new Response('', { status: 200, headers: { 'content-type': 'text/event-stream' } });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const losant = createLosantClient({ token: TOKEN, fetch }) as unknown as Record<string, Record<string, (p: Obj) => PromiseLike<unknown>>>;
  const params: Obj = {};
  const pairs: Array<[string, string]> = [];
  let url = c.path;
  for (const p of (c.op['parameters'] ?? []) as Obj[]) {
    if (!p['required'] && p['example'] === undefined && p['in'] === 'query' && !p['content'] && p['style'] !== 'deepObject') continue;
    const value = exampleFor(p);
    params[p['name']] = value;
    if (p['in'] === 'path') url = url.replace(`{${p['name']}}`, encodeURIComponent(String(value)));
    else pairs.push(...expectedPairs(p, value));
  }
  const expected: { url: string; pairs: Array<[string, string]>; json?: unknown; form?: Obj } = { url, pairs };
  const body = c.op['requestBody']?.content as Obj | undefined;
  if (body?.['application/json']) {
    const value = body['application/json'].example ?? { example: true };
    params[c.op['x-codegen-request-body-name']] = value;
    expected.json = value;
  } else if (body?.['multipart/form-data']) {
    const form = body['multipart/form-data'];
    expected.form = {};
    for (const [name, s] of Object.entries(form.schema.properties as Record<string, Obj>)) {
      if (s['format'] === 'binary') {
        params[name] = new Uint8Array([1, 2, 3]);
        expected.form[name] = [1, 2, 3];
      } else if (form.encoding?.[name]?.contentType === 'application/json') {
        params[name] = { importUrl: 'https://example.com/bundle.zip' };
        expected.form[name] = JSON.stringify(params[name]);
      } else {
        params[name] = String(s['example'] ?? s['enum']?.[0] ?? 'text');
        expected.form[name] = params[name];
      }
    }
  }
  await losant[c.resource]![c.action]!(params);
  expect(requests, c.id).toHaveLength(1);
  return { request: requests[0]!, params, expected };
}

describe('every operation on the wire, from its documented example params', () => {
  it('covers all 117 documented operations', () => {
    expect(cases).toHaveLength(117);
    expect(new Set(cases.map((c) => c.id)).size).toBe(117);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_, c) => {
    const { request, expected } = await call(c);
    const url = new URL(request.url);
    expect(request.method).toBe(c.method);
    expect(url.origin + url.pathname).toBe(`https://api.losant.com${expected.url}`);
    const sorted = (xs: Array<[string, string]>) => xs.map(([k, v]) => `${k}=${v}`).sort();
    expect(sorted([...url.searchParams.entries()])).toEqual(sorted(expected.pairs));
    expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(request.headers.get('accept')).toBe(c.op['x-losant-sse'] ? 'text/event-stream' : 'application/json');
    expect(request.headers.get('accept-version')).toBe(`^${spec['info'].version}`);
    if (expected.json !== undefined) {
      expect(request.headers.get('content-type')).toBe('application/json');
      expect(await request.json()).toEqual(expected.json);
    } else if (expected.form) {
      expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
      const form = await request.formData();
      for (const [name, value] of Object.entries(expected.form)) {
        const got = form.get(name);
        if (Array.isArray(value)) expect([...new Uint8Array(await (got as Blob).arrayBuffer())]).toEqual(value);
        else expect(got).toBe(value);
      }
    } else {
      expect(request.headers.get('content-type')).toBeNull();
      expect(await request.text()).toBe('');
    }
  });
});

describe('requests spelled out by hand', () => {
  const id = '575ec8687ae143cd83dc4a97';
  async function capture(run: (l: ReturnType<typeof createLosantClient>) => PromiseLike<unknown>): Promise<Request> {
    let captured: Request | undefined;
    const losant = createLosantClient({ token: TOKEN, fetch: async (r) => ((captured = r.clone()), new Response('{}', { status: 200 })) });
    await run(losant);
    return captured!;
  }

  it('application.archiveData', async () => {
    const r = await capture((l) => l.application.archiveData({ applicationId: id, date: '1518556791829' }));
    expect(`${r.method} ${r.url}`).toBe(`GET https://api.losant.com/applications/${id}/archiveData?date=1518556791829`);
  });

  it('events.get with an object query: JSON text', async () => {
    const r = await capture((l) => l.events.get({ applicationId: id, state: 'new', query: { subject: 'overheat' } }));
    expect(r.url).toBe(`https://api.losant.com/applications/${id}/events?state=new&query=%7B%22subject%22%3A%22overheat%22%7D`);
  });

  it('applicationTemplates.get with keywords: indexed brackets', async () => {
    const r = await capture((l) => l.applicationTemplates.get({ keywords: ['gps', 'aws'] }));
    expect(r.url).toBe('https://api.losant.com/applicationTemplates?keywords[0]=gps&keywords[1]=aws');
  });

  it('auditLogs.get with a filter object: nested brackets', async () => {
    const orgId = '575ed6e87ae143cd83dc4aa8';
    const r = await capture((l) => l.auditLogs.get({ orgId, auditLogFilter: { primaryTarget: [{ type: 'Dashboard', id }] } }));
    expect(r.url).toBe(`https://api.losant.com/orgs/${orgId}/audit-logs?auditLogFilter[primaryTarget][0][type]=Dashboard&auditLogFilter[primaryTarget][0][id]=${id}`);
  });

  it('dashboard.sendReport: the body under its documented name', async () => {
    const r = await capture((l) => l.dashboard.sendReport({ dashboardId: id, reportConfig: { toEmail: ['a@example.com'] } }));
    expect(`${r.method} ${r.url}`).toBe(`POST https://api.losant.com/dashboards/${id}`);
    expect(await r.text()).toBe('{"toEmail":["a@example.com"]}');
  });
});
