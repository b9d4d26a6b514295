/**
 * A schema property named `__proto__` or `constructor` is a property like any other, all the way to
 * the types (on the small fixture API: the names, not the size of the API, are what is tested).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitPackages } from '../src/emit/packages.js';
import { buildModels } from '../src/pipeline.js';
import { fixtureLock, sandbox, suiteContext } from './support/env.js';

describe('property names that are special in JavaScript', () => {
  it('survive reconcile, factoring and emit as properties', { timeout: 120_000 }, async () => {
    const box = await sandbox({ fixture: true });
    const schema = fixtureLock.schemas.files['jobEnqueuedResult']!.path;
    const text = await readFile(join(box.mirror, schema), 'utf8');
    // Written as JSON text: `__proto__` is an own key when parsed, as it is in any real input.
    await writeFile(
      join(box.mirror, schema),
      text.replace(
        '"properties": {',
        '"properties": { "__proto__": { "type": "string", "maxLength": 7 }, "constructor": { "type": "number" },',
      ),
    );
    await box.relock(schema);
    const { models, reconciled } = await buildModels({ root: box.root, upstreamDir: box.mirror });
    const app = models.get('application')!;
    const component = app.schemas['jobEnqueuedResult']!['properties'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(component)).toBe(Object.prototype);
    expect(Object.hasOwn(component, '__proto__')).toBe(true);
    expect(component['__proto__']).toEqual({ type: 'string', maxLength: 7 });
    expect(component['constructor']).toEqual({ type: 'number' });
    expect(JSON.stringify(reconciled.apis.find((a) => a.api === 'application')!.document)).toContain(
      '"__proto__":{"type":"string","maxLength":7}',
    );

    const { files } = await emitPackages([{ model: app, label: 'application' }], reconciled.names, {
      root: box.root,
      repository: undefined,
      workers: suiteContext().workers(),
    });
    const types = files.get('packages/applications/src/schema.ts')!;
    expect(types).toMatch(/__proto__\?: string;/);
    expect(types).toMatch(/constructor\?: number;/);
  });
});
