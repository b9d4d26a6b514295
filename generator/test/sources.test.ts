/**
 * Emit prints its TypeScript itself (emit/sources.ts) instead of running prettier: every generated
 * source and README example of the real APIs is printed exactly, and is what prettier prints for
 * the same code; a value the printer cannot measure as prettier does sends that file to prettier.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format } from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunContext } from '../src/context.js';
import { emitPackages } from '../src/emit/packages.js';
import { PRETTIER_OPTIONS } from '../src/emit/workers.js';
import { planNames } from '../src/naming.js';
import { readDocument } from '../src/openapi/index.js';
import type { OpenApiDocument } from '../src/openapi/write.js';
import { buildModels } from '../src/pipeline.js';
import { built, builtPaths } from './support/built.js';
import { mirrorDir, repoRoot, suiteCache } from './support/env.js';

const ctx = createRunContext({ cacheDir: suiteCache() });
afterAll(() => ctx.close());

const prettierTs = (code: string) => format(code, { ...PRETTIER_OPTIONS, parser: 'typescript' });

describe('the TypeScript emit prints', () => {
  it(
    'every source and README example of the real APIs exactly as prettier prints its code, as generate writes it',
    { timeout: 180_000 },
    async () => {
      const { reconciled, models } = await buildModels({ root: repoRoot, upstreamDir: mirrorDir, context: ctx });
      const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
        repository: { type: string; url: string };
      };
      const { printed } = await emitPackages(
        [...models.values()].map((model) => ({ model, label: `generated/${model.api}/openapi.json` })),
        reconciled.names,
        { root: repoRoot, repository: pkg.repository, workers: ctx.workers() },
      );
      const sources = builtPaths().filter(
        (p) => /^packages\/[^/]+\/src\/.+\.ts$/.test(p) && !p.endsWith('/schema.ts') && !p.includes('/core/'),
      );
      expect(sources.length).toBeGreaterThan(200);
      expect([...printed.keys()].filter((p) => !p.includes('#')).sort()).toEqual(sources);
      for (const [path, source] of printed) {
        expect(source.exact, path).toBe(true);
        if (path.endsWith('#example')) {
          expect(await prettierTs(source.flat()), path).toBe(`${source.text}\n`);
          expect(built(path.replace(/#example$/, '')), path).toContain(`\`\`\`ts\n${source.text}\n\`\`\``);
        } else {
          expect(await prettierTs(source.flat()), path).toBe(source.text);
          expect(source.text === built(path), path).toBe(true);
        }
      }
    },
  );

  it('a file with text the printer cannot measure (not ASCII) as prettier prints it, through prettier', async () => {
    const doc = {
      openapi: '3.0.3',
      info: { title: 'Café API', version: '1.0.0' },
      tags: [{ name: 'Things' }],
      paths: {
        '/things/{id}': {
          patch: {
            operationId: 'thing.patch',
            summary: 'Patch a thing',
            tags: ['Things'],
            'x-losant-resource': 'thing',
            'x-losant-action': 'patch',
            'x-codegen-request-body-name': 'changes',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: {
              required: true,
              description: `Les changements à appliquer, ${'décrits en détail '.repeat(4)}`,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } },
            },
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } },
              },
            },
          },
        },
      },
      components: { schemas: { thing: { type: 'object', properties: { name: { type: 'string' } } } } },
    } as unknown as OpenApiDocument;
    const model = readDocument(doc, 'cafe.json');
    const names = planNames(
      [{ api: model.api, file: 'cafe.json', tags: { Things: {} }, resources: { thing: 'Things' } }],
      [{ resource: 'thing', action: 'patch', paginated: false }],
    );
    const { files, printed } = await emitPackages([{ model, label: 'cafe.json' }], names, {
      root: repoRoot,
      repository: undefined,
      workers: ctx.workers(),
    });
    const types = [...printed].find(([p]) => p.endsWith('/src/types.ts'))!;
    expect(types[1].exact).toBe(false);
    const written = files.get(types[0])!;
    expect(written).toBe(await prettierTs(types[1].flat()));
    expect(written).toContain('/** Les changements à appliquer');
  });

  it('names and literals that are not plain (quotes, keys that need quoting, special members) as prettier prints them', async () => {
    const Q = `it's a "quoted" <name> \\ with \u2028 a separator`;
    const long = `a${'very'.repeat(30)}LongName`;
    const body = (name: string) => ({
      required: true,
      description: `${Q} ${'words '.repeat(20)}`,
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
    });
    const ok = (name: string) => ({
      '200': { description: Q, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } },
    });
    const doc = {
      openapi: '3.0.3',
      info: { title: `Odd ${Q}`, version: '1.0.0' },
      tags: [{ name: 'Odd Things' }],
      paths: {
        "/odd/{id}/x'y": {
          get: {
            operationId: `odd.op'"`,
            summary: Q,
            tags: ['Odd Things'],
            'x-losant-resource': 'delete',
            'x-losant-action': 'constructor',
            'x-losant-scopes': [`scope'"`, Q],
            parameters: [
              {
                name: 'id',
                in: 'path',
                required: true,
                schema: { type: 'string', pattern: '^[a-z\'"\\\\]+$' },
                example: 'abc',
              },
              {
                name: "we'ird-name",
                in: 'query',
                required: true,
                schema: { type: 'string', enum: [Q, "a'b", 'c"d'] },
                example: "a'b",
              },
              { name: long, in: 'query', schema: { type: 'string' } },
              { name: '__proto__', in: 'query', schema: { type: 'string' } },
            ],
            responses: ok('odd-name'),
          },
          post: {
            operationId: 'odd.two',
            summary: 'second',
            tags: ['Odd Things'],
            'x-losant-resource': 'delete',
            'x-losant-action': `with space ${long}`,
            'x-codegen-request-body-name': `bo'dy-${long}`,
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: body('odd-name'),
            responses: ok(long),
          },
        },
      },
      components: {
        schemas: {
          'odd-name': {
            type: 'object',
            description: Q,
            properties: { [Q]: { type: 'string' }, constructor: { type: 'string' } },
          },
          [long]: { type: 'object', properties: { x: { type: 'number' } } },
        },
      },
    } as unknown as OpenApiDocument;
    const model = readDocument(doc, 'odd.json');
    const names = planNames(
      [{ api: model.api, file: 'odd.json', tags: { 'Odd Things': {} }, resources: { delete: 'Odd Things' } }],
      model.operations.map((o) => ({ resource: o.resource, action: o.action, paginated: false })),
    );
    const { files, printed } = await emitPackages([{ model, label: 'odd.json' }], names, {
      root: repoRoot,
      repository: undefined,
      workers: ctx.workers(),
    });
    expect(printed.size).toBeGreaterThan(4);
    for (const [path, source] of printed) {
      const want = await prettierTs(source.flat());
      if (path.endsWith('#example'))
        expect(`${source.exact ? source.text : want.replace(/\n$/, '')}\n`, path).toBe(want);
      else expect(files.get(path), path).toBe(want);
    }
    // Printed without prettier: every value is ASCII once escaped, quotes and odd names measured as prettier measures them.
    expect([...printed].filter(([, s]) => !s.exact).map(([p]) => p)).toEqual([]);
  });
});
