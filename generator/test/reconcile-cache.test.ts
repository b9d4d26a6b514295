// Building and factoring the schemas as a step of the cache (reconcile/schemas/cached.ts): its key
// changes with every input the step reads, and a run that takes the step from the cache hands the
// rest of the pipeline exactly what a run computing it does, also after an edit that the key
// ignores (a tag's description) and after edits that change which schemas are shared.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createRunContext } from '../src/context.js';
import type { Json } from '../src/json/index.js';
import { buildModels, type GenerateOptions } from '../src/pipeline.js';
import { buildAndFactorKey, type BuildAndFactorInputs } from '../src/reconcile/schemas/cached.js';
import { sandbox } from './support/env.js';

/** Small step inputs, a fresh copy each call (so equal keys come from equal content, not shared objects). */
function inputs(): BuildAndFactorInputs {
  const components: Record<string, Json> = {
    device: { type: 'object', properties: { name: { type: 'string' } } },
    devices: { type: 'array', items: { $ref: '#/components/schemas/device' } },
  };
  return {
    upstream: {
      device: { node: components['device']!, file: 'openapi/device.yaml', components },
      devices: { node: components['devices']!, file: 'openapi/device.yaml', components },
    },
    docs: { device: { type: 'object', properties: { name: { type: 'string' }, id: { type: 'string' } } } },
    docFile: (name) => `schemas/${name}.json`,
    docFiles: { device: 'schemas/device.json' },
    roots: new Map([['devices', 'api-info.json#/devices/actions/get']]),
    anchors: [{ name: 'deviceTag', owner: 'device', pointer: '/properties/tags/items' }],
  };
}

describe('the key of building and factoring the schemas', () => {
  it('is the same for equal inputs and differs when any input the step reads differs', () => {
    const key = (edit: (i: BuildAndFactorInputs) => void = () => {}) => {
      const i = inputs();
      edit(i);
      return buildAndFactorKey(i).join('\u0000');
    };
    const base = key();
    expect(key()).toBe(base);
    const edits: Record<string, (i: BuildAndFactorInputs) => void> = {
      'an upstream schema': (i) => ((i.upstream['device']!.components['device'] as { type: string }).type = 'string'),
      'the file of an upstream schema': (i) => (i.upstream['device']!.file = 'openapi/other.yaml'),
      'a doc schema': (i) => (i.docs['device'] = { type: 'object' }),
      'the file of a doc schema': (i) => (i.docFiles['device'] = 'schemas/v2/device.json'),
      'a root': (i) => i.roots.set('device', 'api-info.json#/device/actions/get'),
      "a root's referrer": (i) => i.roots.set('devices', 'api-info.json#/devices/actions/post'),
      'an anchor': (i) => (i.anchors[0]!.pointer = '/properties/tags'),
      'no anchors': (i) => (i.anchors = []),
    };
    for (const [what, edit] of Object.entries(edits)) expect(key(edit), what).not.toBe(base);
  });
});

/** Everything reconcile hands on, as text (Maps and Sets as their entries). */
async function reconciled(o: GenerateOptions & { cacheDir?: string }) {
  const ctx = createRunContext({ cacheDir: o.cacheDir });
  try {
    const { reconciled: r } = await buildModels({ ...o, context: ctx });
    const text = JSON.stringify(
      {
        documents: r.apis.map((a) => a.document),
        names: r.names,
        schemas: r.schemas,
        factoring: r.factoring,
        docSchemas: r.docSchemas,
      },
      (_, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v),
    );
    return { text, created: r.factoring.created.map((c) => c.name), hits: ctx.cache.hits, misses: ctx.cache.misses };
  } finally {
    await ctx.close();
  }
}

describe('a reconcile that takes its schemas from the cache', () => {
  // On the fixture API (test/fixtures/small-api): its device and device recipe schemas share their
  // `attributes` (factored into one component), and it has a correction of each kind to drop.
  it('is byte for byte a reconcile that computes them, before and after edits to the inputs', async () => {
    const box = await sandbox({ fixture: true, mirror: false }); // the edits are to spec/, never to the inputs
    const cacheDir = await mkdtemp(join(inject('scratchDir'), 'reconcile-cache-'));
    const run = (o: Partial<GenerateOptions> & { cacheDir?: string } = {}) => ({
      root: box.root,
      upstreamDir: box.mirror,
      ...o,
    });

    const cold = await reconciled(run());
    expect(cold.created).toEqual(['attributes']);
    const filled = await reconciled(run({ cacheDir }));
    expect([filled.hits, filled.misses]).toEqual([0, 1]);
    const warm = await reconciled(run({ cacheDir }));
    expect([warm.hits, warm.misses]).toEqual([1, 0]);
    expect(filled.text === cold.text).toBe(true);
    expect(warm.text === cold.text).toBe(true);

    // A tag's description is no input of the step: still a hit, and the edit is in the output.
    const overlay = join(box.root, 'spec', 'apis', 'application.yaml');
    const original = await readFile(overlay, 'utf8');
    await writeFile(overlay, original.replace(/^( {4}description: )(.*)$/m, '$1$2 (edited)'));
    const edited = await reconciled(run({ cacheDir }));
    expect([edited.hits, edited.misses]).toEqual([1, 0]);
    const editedCold = await reconciled(run());
    expect(editedCold.text).toContain('(edited)');
    expect(edited.text === editedCold.text).toBe(true);
    await writeFile(overlay, original);

    // Building one API: the operations refer to fewer schemas, so fewer sub-schemas are shared and
    // the factored names differ from the full run's (the application API has no device
    // attributes): a miss, and exactly what computing it gives.
    const one = await reconciled(run({ cacheDir, apis: ['application'] }));
    expect([one.hits, one.misses]).toEqual([0, 1]);
    const oneCold = await reconciled(run({ apis: ['application'] }));
    expect(oneCold.created).not.toEqual(cold.created);
    expect(one.text === oneCold.text).toBe(true);

    // A correction of the docs index that changes no schema the operations name (webhook.patch
    // answers webhook, which webhooks.post answers first, instead of webhookPatch, its own body):
    // no input of the step, a hit.
    const corrections = join(box.root, 'spec', 'corrections.yaml');
    const text = await readFile(corrections, 'utf8');
    const drop = (id: string, from: string) => {
      const out = from.replace(new RegExp(` {2}- id: ${id}\\n[\\s\\S]*?(?:\\n\\n|\\n$)`), '');
      expect(out, id).not.toBe(from);
      return out;
    };
    await writeFile(corrections, drop('webhook-patch-answers-a-webhook', text));
    const index = await reconciled(run({ cacheDir }));
    expect([index.hits, index.misses]).toEqual([1, 0]);
    const indexCold = await reconciled(run());
    expect(indexCold.text).not.toBe(cold.text);
    expect(index.text === indexCold.text).toBe(true);

    // A correction of one shared doc schema (device, whose attributes are the recipe's once it is
    // applied): without it a device's attributes are no longer the recipe's, so what is shared
    // changes: a miss.
    await writeFile(corrections, drop('device-attributes-may-be-gps', text));
    const schema = await reconciled(run({ cacheDir }));
    expect([schema.hits, schema.misses]).toEqual([0, 1]);
    const schemaCold = await reconciled(run());
    expect(schemaCold.text).not.toBe(cold.text);
    expect(schemaCold.created).not.toEqual(cold.created);
    expect(schema.text === schemaCold.text).toBe(true);
  });
});
