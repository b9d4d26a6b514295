import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { emitPackages } from '../src/emit/packages.js';
import { planNames, type NamePlan } from '../src/naming.js';
import { readDocument, type LosantApiModel } from '../src/openapi/index.js';
import type { OpenApiDocument } from '../src/openapi/write.js';
import { repoRoot, suiteContext } from './support/env.js';

/** Spec text written to break out of comments, strings and templates, and names that are not identifiers. */
const EVIL =
  '*/ globalThis.__pwned = 1; /* ` ${globalThis.__pwned = 2} \' " </script><script>globalThis.__pwned = 3</script> \u2028 globalThis.__pwned = 4 \u2029 @deprecated';
const PATH = "/evil/{id}/x'*/`$`";
/** Markdown written to become links, images, emphasis and headings once placed in a README. */
const MARKDOWN =
  '# Heading [click](https://evil.example/phish) ![pixel](https://evil.example/p.png) *strong* _em_ ~~gone~~ <b>bold</b> https://evil.example/bare www.evil.example mail@evil.example | cell';

const hostile = {
  openapi: '3.0.3',
  info: { title: `Evil ${EVIL}`, version: '1.0.0-evil.1' },
  tags: [{ name: 'Evil Tag', description: `${EVIL} ${MARKDOWN}` }],
  paths: {
    [PATH]: {
      get: {
        operationId: `evil.op'${EVIL}`,
        summary: `${EVIL} ${MARKDOWN}`,
        description: EVIL,
        tags: ['Evil Tag'],
        externalDocs: { url: `javascript:alert(1)//${EVIL}` },
        'x-losant-resource': 'delete',
        'x-losant-action': 'constructor',
        'x-losant-scopes': [EVIL],
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: EVIL,
            schema: { type: 'string', pattern: '^[a-z*/`$]+$' },
            example: 'abc',
          },
          {
            name: "we'ird*/name",
            in: 'query',
            required: true,
            description: EVIL,
            schema: { type: 'string', enum: [EVIL, "a'b"] },
            example: "a'b",
          },
          { name: 'class', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: EVIL,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Evil.name-x_1' } } },
          },
          '404': {
            description: EVIL,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Evil.name-x_1' } } },
          },
        },
      },
      post: {
        operationId: 'evil.two',
        summary: 'second',
        tags: ['Evil Tag'],
        'x-losant-resource': 'delete',
        'x-losant-action': 'with space',
        'x-codegen-request-body-name': 'bo`dy',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/Evil.name-x_1' }, example: { [EVIL]: EVIL } },
          },
        },
        responses: {
          '201': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Evil.name-x_1' } } },
          },
        },
      },
    },
    // A file upload and a file download (the shapes that get `upload` and `download` helpers, whose
    // examples name the body and the path parameters inside a comment).
    [`/evil/{id}/files`]: {
      post: {
        operationId: 'evil.files',
        summary: 'upload',
        tags: ['Evil Tag'],
        'x-losant-resource': 'files',
        'x-losant-action': 'post',
        'x-codegen-request-body-name': '*/ globalThis.__pwned = 5; /* `',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/file' } } },
        },
        responses: {
          '201': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/fileUploadPostResponse' } } },
          },
        },
      },
    },
    [`/evil/file/{*/ globalThis.__pwned = 6; /* \`}`]: {
      get: {
        operationId: 'evil.file',
        summary: 'download',
        tags: ['Evil Tag'],
        'x-losant-resource': 'file',
        'x-losant-action': 'get',
        parameters: [
          { name: '*/ globalThis.__pwned = 6; /* `', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/file' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      fileUploadPostResponse: { type: 'object', properties: { upload: { type: 'object' } } },
      file: { type: 'object', properties: { url: { type: 'string' } } },
      'Evil.name-x_1': {
        description: EVIL,
        type: 'object',
        properties: {
          [EVIL]: { type: 'string', description: EVIL, enum: [EVIL, '`${x}`'] },
          constructor: { type: 'string' },
        },
      },
    },
  },
} as unknown as OpenApiDocument;

let files: Map<string, string>;
let pkgDir: string;

/** The package names an overlay for this document would give (one package per tag). */
function namesFor(model: LosantApiModel): NamePlan {
  const tags = Object.fromEntries(model.tags.map((t) => [t.name, {}]));
  const resources = Object.fromEntries(model.operations.map((o) => [o.resource, o.tag]));
  return planNames(
    [{ api: model.api, file: 'hostile.json', tags, resources }],
    model.operations.map((o) => ({ resource: o.resource, action: o.action, paginated: false })),
  );
}

function emit(doc: OpenApiDocument, root: string) {
  const model = readDocument(doc, 'hostile.json');
  return emitPackages([{ model, label: 'hostile.json' }], namesFor(model), {
    root,
    repository: undefined,
    workers: suiteContext().workers(),
  });
}

beforeAll(async () => {
  delete (globalThis as { __pwned?: unknown }).__pwned;
  const root = await mkdtemp(join(tmpdir(), 'hostile-'));
  await writeFile(join(root, 'LICENSE'), 'MIT\n');
  ({ files } = await emit(
    {
      ...hostile,
      info: { ...(hostile['info'] as object), 'x-losant-openapi-revision': EVIL, 'x-losant-docs-index-version': EVIL },
    },
    root,
  ));
  // Write the package out, with @losant-sdk/core resolvable, and compile it to JS.
  for (const [path, content] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  pkgDir = join(root, 'packages', 'evil-tag');
  await mkdir(join(pkgDir, 'node_modules', '@losant-sdk'), { recursive: true });
  await symlink(join(repoRoot, 'packages', 'core'), join(pkgDir, 'node_modules', '@losant-sdk', 'core'), 'dir');
  for (const [path, content] of files) {
    if (!path.startsWith('packages/evil-tag/src/') || !path.endsWith('.ts')) continue;
    const js = ts.transpileModule(content, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    await writeFile(join(root, path.replace(/\.ts$/, '.js')), js);
  }
});

describe('a hostile spec cannot break or inject into generated code', () => {
  it('generates a package whose sources type-check', () => {
    const sources = [...files.keys()]
      .filter((p) => p.startsWith('packages/evil-tag/src/'))
      .map((p) => join(pkgDir, '..', '..', p));
    const program = ts.createProgram(sources, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it('runs no spec text when imported, and keeps every string intact on the wire', async () => {
    const mod = (await import(pathToFileURL(join(pkgDir, 'src', 'index.js')).href)) as Record<string, any>;
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
    const requests: Request[] = [];
    const api = mod['createEvilTagApi']({
      token: 't',
      flags: false,
      fetch: async (r: Request) => (requests.push(r), new Response('{}')),
    });
    // A resource named `delete` and an action named `constructor` are ordinary members.
    await api.delete['constructor']({ id: 'abc', "we'ird*/name": "a'b" });
    await api.delete['with space']({ id: 'abc', 'bo`dy': { k: EVIL } });
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
    expect(new URL(requests[0]!.url).pathname).toBe("/evil/abc/x'*/%60$%60");
    expect([...new URL(requests[0]!.url).searchParams]).toEqual([["we'ird*/name", "a'b"]]);
    expect(new URL(requests[0]!.url).search).toBe('?we%27ird%2A%2Fname=a%27b');
    expect(await requests[1]!.json()).toEqual({ k: EVIL });
    const failing = mod['createEvilTagApi']({ fetch: async () => new Response('{}', { status: 404 }) });
    await expect(failing.delete['constructor']({ id: 'abc', "we'ird*/name": "a'b" })).rejects.toThrow(
      `evil.op'${EVIL}`,
    );
  });

  it('gives the upload and download actions their helpers, their examples inside the comment', () => {
    const sources = [...files].filter(([p]) => p.startsWith('packages/evil-tag/src/resources/'));
    const text = sources.map(([, c]) => c).join('\n');
    expect(text).toMatch(/^ {2}upload\(/m);
    expect(text).toMatch(/^ {2}download\(/m);
    expect(text).toContain('.upload({ id: "575ec8687ae143cd83dc4a97", "*\\/ globalThis.__pwned = 5; /* \\u0060": {');
  });

  it('never lets spec text become code: it stays inside strings and comments', () => {
    for (const [path, content] of files) {
      if (!path.endsWith('.ts')) continue;
      const identifiers: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) identifiers.push(node.text);
        ts.forEachChild(node, visit);
      };
      visit(ts.createSourceFile(path, content, ts.ScriptTarget.ES2022, true));
      expect(identifiers, path).not.toContain('__pwned');
      expect(content, path).not.toMatch(/[\u2028\u2029]/);
    }
  });

  it('rejects a path whose braces are not its path parameters', async () => {
    const paths = { '/x/{id}/${1}': (hostile['paths'] as Record<string, unknown>)[PATH] };
    const bad = { ...hostile, paths } as unknown as OpenApiDocument;
    expect(() => readDocument(bad, 'hostile.json')).toThrow(
      /template variables \(1, id\) do not match its path parameters \(id\)/,
    );
  });

  it('rejects a version that could not be sent as a header', async () => {
    const bad = { ...hostile, info: { title: 'x', version: `1.0${EVIL}` } } as unknown as OpenApiDocument;
    await expect(emit(bad, tmpdir())).rejects.toThrow(/info.version .* is not a version string/);
  });

  it('escapes spec text in markdown and drops non-https links', () => {
    const readme = files.get('packages/evil-tag/README.md')!;
    expect(readme).not.toContain('<script>');
    expect(readme).not.toContain('javascript:');
  });

  it('lets spec text make no link, image, emphasis or heading in a README (rendered as GitHub would)', () => {
    const readme = files.get('packages/evil-tag/README.md')!;
    const html = new MarkdownIt({ html: true, linkify: true }).render(readme);
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    // Only the template's own links (to the project's READMEs) survive.
    expect(
      links.every((href) => /^\.\.\/(\.\.\/)?(core\/)?README\.md$/.test(href!)),
      links.join(', '),
    ).toBe(true);
    expect(html).not.toMatch(/<img|<em>|<strong>|<del>|<b>|<s>/);
    expect(html.match(/<h[1-6]/g)?.length).toBe(readme.match(/^#+ /gm)?.length);
    // The text itself is all there, visibly.
    for (const visible of [
      'Heading',
      'click',
      'https://evil.example/phish',
      'https://evil.example/bare',
      'mail@evil.example',
      'strong',
    ])
      expect(html).toContain(visible);
  });
});
