/**
 * Every documented operation of every API, called through the public API with its documented example
 * params, must put the right request on the wire. The expected request is derived from the
 * reconciled spec by this file's own, deliberately plain reading of it (an oracle written
 * independently of core's serializers), plus a few requests spelled out by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  readDocument,
  sseEvents,
  type LosantApiModel,
  type LosantOperation,
  type LosantParam,
} from '@losant-sdk/generator/lib';
import { describe, expect, it } from 'vitest';
import { createLosantClient, LosantValidationError } from '../src/index.js';

const generated = fileURLToPath(new URL('../../../generated/', import.meta.url));
const models: LosantApiModel[] = readdirSync(generated, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => readDocument(JSON.parse(readFileSync(`${generated}${e.name}/openapi.json`, 'utf8')), e.name));
const TOKEN = 'wire-test-token';
/** The response-shape flags Losant's own client puts first in every query string (not on event streams). */
const FLAGS: Array<[string, string]> = [
  ['_actions', 'false'],
  ['_links', 'true'],
  ['_embedded', 'true'],
];

/** RFC 3986: every byte percent-encoded except the unreserved `A–Z a–z 0–9 - . _ ~`. */
function rfc3986(text: string): string {
  return [...new TextEncoder().encode(text)]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}
const search = (pairs: Array<[string, string]>) =>
  pairs.length ? `?${pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&')}` : '';

interface Case {
  model: LosantApiModel;
  op: LosantOperation;
}
const cases: Case[] = models.flatMap((model) => model.operations.map((op) => ({ model, op })));

/** A value for a parameter: its documented example, else something of its documented shape. */
function exampleFor(p: LosantParam): unknown {
  if (p.example !== undefined) return p.example;
  if (p.encoding === 'json') return { name: 'example' };
  if (p.encoding === 'brackets') return p.schema['type'] === 'array' ? ['a', 'b'] : { key: 'k', value: ['v1', 'v2'] };
  if (Array.isArray(p.schema['enum'])) return p.schema['enum'][0];
  return 'example';
}

/** The query pairs a parameter becomes, by this file's own reading: plain text, JSON text, or bracket-spelled. */
function expectedPairs(p: LosantParam, value: unknown): Array<[string, string]> {
  if (p.encoding === 'json') return [[p.name, JSON.stringify(value)]];
  if (p.encoding === 'brackets') {
    const out: Array<[string, string]> = [];
    const walk = (key: string, v: unknown) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(`${key}[${i}]`, x));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(`${key}[${k}]`, x);
      else out.push([key, String(v)]);
    };
    walk(p.name, value);
    return out;
  }
  return [[p.name, String(value)]];
}

type Expected = { url: string; pairs: Array<[string, string]>; json?: unknown; form?: Record<string, unknown> };

async function call({ op }: Case): Promise<{ request: Request; expected: Expected }> {
  const requests: Request[] = [];
  const fetch = async (req: Request) => {
    requests.push(req.clone());
    if (sseEvents(op)) return new Response('', { status: 200, headers: { 'content-type': 'text/event-stream' } });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const losant = createLosantClient({ token: TOKEN, fetch }) as unknown as Record<
    string,
    Record<string, (p: Record<string, unknown>) => PromiseLike<unknown>>
  >;
  const params: Record<string, unknown> = {};
  const pairs: Array<[string, string]> = [];
  let url = op.path;
  for (const p of op.params) {
    if (!p.required && p.example === undefined && p.encoding === 'plain') continue;
    const value = exampleFor(p);
    params[p.name] = value;
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    else if (p.in === 'query') pairs.push(...expectedPairs(p, value));
  }
  const expected: Expected = { url, pairs: sseEvents(op) ? pairs : [...FLAGS, ...pairs] };
  if (op.body?.kind === 'json') {
    const value = op.body.example ?? { example: true };
    params[op.body.name] = value;
    expected.json = value;
  } else if (op.body?.kind === 'multipart') {
    expected.form = {};
    for (const f of op.body.fields) {
      if (f.kind === 'file') {
        params[f.name] = new Uint8Array([1, 2, 3]);
        expected.form[f.name] = [1, 2, 3];
      } else if (f.kind === 'json') {
        params[f.name] = { importUrl: 'https://example.com/bundle.zip' };
        expected.form[f.name] = JSON.stringify(params[f.name]);
      } else {
        params[f.name] = String(f.example ?? (f.schema['enum'] as unknown[] | undefined)?.[0] ?? 'text');
        expected.form[f.name] = params[f.name];
      }
    }
  }
  await losant[op.resource]![op.action]!(params);
  expect(requests, op.operationId).toHaveLength(1);
  return { request: requests[0]!, expected };
}

describe('every operation on the wire, from its documented example params', () => {
  it('covers every documented operation of every API, once', () => {
    const ids = cases.map((c) => c.op.operationId);
    expect(models.length).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(cases.map((c) => [c.op.operationId, c] as const))('%s', async (_, c) => {
    const { request, expected } = await call(c);
    const url = new URL(request.url);
    expect(request.method).toBe(c.op.method);
    expect(url.origin + url.pathname).toBe(`https://api.losant.com${expected.url}`);
    // The exact bytes: flags first, then the params in the docs' order, RFC 3986 encoded.
    expect(url.search).toBe(search(expected.pairs));
    expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(request.headers.get('accept')).toBe(sseEvents(c.op) ? 'text/event-stream' : 'application/json');
    expect(request.headers.get('accept-version')).toBe(`^${c.model.version}`);
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
    const losant = createLosantClient({
      token: TOKEN,
      fetch: async (r) => ((captured = r.clone()), new Response('{}', { status: 200 })),
    });
    await run(losant);
    return captured!;
  }

  it('application.archiveData', async () => {
    const r = await capture((l) => l.application.archiveData({ applicationId: id, date: '1518556791829' }));
    expect(`${r.method} ${r.url}`).toBe(
      `GET https://api.losant.com/applications/${id}/archiveData?_actions=false&_links=true&_embedded=true&date=1518556791829`,
    );
  });

  it('a Date for a time parameter is sent as its milliseconds since the epoch', async () => {
    const date = new Date(1518556791829);
    const r = await capture((l) => l.application.archiveData({ applicationId: id, date }));
    expect(r.url).toBe(
      `https://api.losant.com/applications/${id}/archiveData?_actions=false&_links=true&_embedded=true&date=${date.getTime()}`,
    );
  });

  it('events.get with an object query: JSON text', async () => {
    const r = await capture((l) => l.events.get({ applicationId: id, state: 'new', query: { subject: 'overheat' } }));
    expect(r.url).toBe(
      `https://api.losant.com/applications/${id}/events?_actions=false&_links=true&_embedded=true&state=new&query=%7B%22subject%22%3A%22overheat%22%7D`,
    );
  });

  it('applicationTemplates.get with keywords: indexed brackets', async () => {
    const r = await capture((l) => l.applicationTemplates.get({ keywords: ['gps', 'aws'] }));
    expect(r.url).toBe(
      'https://api.losant.com/applicationTemplates?_actions=false&_links=true&_embedded=true&keywords%5B0%5D=gps&keywords%5B1%5D=aws',
    );
  });

  it('auditLogs.get with a filter object: nested brackets', async () => {
    const orgId = '575ed6e87ae143cd83dc4aa8';
    const r = await capture((l) =>
      l.auditLogs.get({ orgId, auditLogFilter: { primaryTarget: [{ type: 'Dashboard', id }] } }),
    );
    expect(r.url).toBe(
      `https://api.losant.com/orgs/${orgId}/audit-logs?_actions=false&_links=true&_embedded=true&auditLogFilter%5BprimaryTarget%5D%5B0%5D%5Btype%5D=Dashboard&auditLogFilter%5BprimaryTarget%5D%5B0%5D%5Bid%5D=${id}`,
    );
  });

  it('an optional parameter given as undefined is not sent (the types take it: `filter: process.env.FILTER`)', async () => {
    const unset: string | undefined = undefined;
    const r = await capture((l) =>
      l.devices.get({ applicationId: id, filter: unset, perPage: unset, sortDirection: undefined, page: '2' }),
    );
    expect(r.url).toBe(
      `https://api.losant.com/applications/${id}/devices?_actions=false&_links=true&_embedded=true&page=2`,
    );
    const body = await capture((l) => l.devices.export({ applicationId: id, options: undefined }));
    expect(`${body.method} ${body.url}`).toBe(
      `POST https://api.losant.com/applications/${id}/devices/export?_actions=false&_links=true&_embedded=true`,
    );
    expect(await body.text()).toBe('');
  });

  it('a value outside its documented enum is refused before anything is sent (a JavaScript caller, say)', async () => {
    let sent = 0;
    const losant = createLosantClient({ token: TOKEN, fetch: async () => (sent++, new Response('{}')) });
    const sideways = 'sideways' as unknown as 'asc';
    const error = await losant.devices.get({ applicationId: id, sortDirection: sideways }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LosantValidationError);
    expect(error).toMatchObject({ operationId: 'devices.get', param: 'sortDirection' });
    const documented = cases
      .find((c) => c.op.operationId === 'devices.get')!
      .op.params.find((p) => p.name === 'sortDirection')!.schema['enum'] as string[];
    expect((error as Error).message).toBe(
      `devices.get: parameter "sortDirection" is a string that is not one of its values; the allowed values are ${documented.map((v) => JSON.stringify(v)).join(', ')}`,
    );
    expect(sent).toBe(0);
    await losant.devices.get({ applicationId: id, sortDirection: documented[0] as 'asc' });
    expect(sent).toBe(1);
  });

  it('dashboard.sendReport: the body under its documented name', async () => {
    const r = await capture((l) =>
      l.dashboard.sendReport({ dashboardId: id, reportConfig: { toEmail: ['a@example.com'] } }),
    );
    expect(`${r.method} ${r.url}`).toBe(
      `POST https://api.losant.com/dashboards/${id}?_actions=false&_links=true&_embedded=true`,
    );
    expect(await r.text()).toBe('{"toEmail":["a@example.com"]}');
  });
});
