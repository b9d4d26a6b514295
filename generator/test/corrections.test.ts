import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyCorrections, loadCorrections, type Correction } from '../src/reconcile/corrections.js';

const index = { things: { actions: { get: { responses: { '200': { schema: { $ref: '#/definitions/thing' } } } } } } };
const correction = (patch: Correction['patch']): Correction => ({
  id: 'c',
  target: 'docs-index',
  why: 'w',
  evidence: ['e'],
  patch,
});

describe('corrections to the docs index and doc schemas', () => {
  it('applies a patch whose tests hold, to a copy', () => {
    const c = correction([
      { op: 'test', path: '/things/actions/get/responses/200/schema/$ref', value: '#/definitions/thing' },
      { op: 'replace', path: '/things/actions/get/responses/200/schema/$ref', value: '#/definitions/things' },
      { op: 'test', path: '/things/actions/get/responses/400', absent: true },
      { op: 'add', path: '/things/actions/get/responses/400', value: { description: 'Bad' } },
    ]);
    const { value, records } = applyCorrections('docs-index', index, [c], 'corrections.yaml');
    expect(value.things.actions.get.responses).toEqual({
      '200': { schema: { $ref: '#/definitions/things' } },
      '400': { description: 'Bad' },
    });
    expect(index.things.actions.get.responses['200'].schema.$ref).toBe('#/definitions/thing');
    expect(records).toEqual([
      {
        id: 'c',
        target: 'docs-index',
        why: 'w',
        evidence: ['e'],
        changed: ['/things/actions/get/responses/200/schema/$ref', '/things/actions/get/responses/400'],
      },
    ]);
  });

  it('skips a correction upstream has since fixed, and reports it as obsolete', () => {
    const c = correction([
      { op: 'test', path: '/things/actions/get/responses/200/schema/$ref', value: '#/definitions/other' },
      { op: 'replace', path: '/things/actions/get/responses/200/schema/$ref', value: 'x' },
    ]);
    const { value, records } = applyCorrections('docs-index', index, [c], 'corrections.yaml');
    expect(value).toEqual(index);
    expect(records[0]!.obsolete).toBe('/things/actions/get/responses/200/schema/$ref is now "#/definitions/thing"');
  });

  it('moves a member, and names the correction when an operation cannot apply', () => {
    const schema = { properties: { list: { type: 'array', stray: { type: 'string' } } } };
    const moved = applyCorrections(
      'schema:s',
      schema,
      [
        {
          ...correction([{ op: 'move', from: '/properties/list/stray', path: '/properties/stray' }]),
          target: 'schema:s',
        },
      ],
      'corrections.yaml',
    );
    expect(moved.value).toEqual({ properties: { list: { type: 'array' }, stray: { type: 'string' } } });
    expect(() =>
      applyCorrections(
        'docs-index',
        index,
        [correction([{ op: 'replace', path: '/nothing/here', value: 1 }])],
        'corrections.yaml',
      ),
    ).toThrow(/correction "c" cannot replace \/nothing\/here/);
  });

  it('refuses a malformed corrections file with its pointer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'corrections-'));
    const file = join(dir, 'corrections.yaml');
    await writeFile(
      file,
      'corrections:\n  - id: a\n    target: docs-index\n    why: w\n    evidence: [e]\n    patch:\n      - { op: replace, path: /x }\n',
    );
    await expect(loadCorrections(file)).rejects.toMatchObject({
      code: 'INVALID_CORRECTION',
      pointer: '/corrections/0/patch/0',
    });
  });
});
