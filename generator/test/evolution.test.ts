// API evolution as data: an overlay's `renamed:` and `deprecated:` entries become deprecated
// aliases in the generated packages (typed, and calling the current name at run time), are
// recorded in the API-surface snapshot, and name the overlay entry when they name nothing. On the
// fixture API's device API (test/fixtures/small-api): the names, not the size of the API, are what
// is tested.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { GeneratorError } from '../src/errors.js';
import { buildAll, type GenerateResult } from '../src/pipeline.js';
import { repoRoot, sandbox, suiteContext } from './support/env.js';

const EVOLUTION = `
renamed:
  resources:
    thing: device
  actions:
    device.state: getState
  params:
    device.getState.from: start
deprecated:
  device.getState: read the states from the state stream instead
  device.getState.duration: the API caps the range it returns anyway
`;

/** A build of the fixture's device API with `extra` appended to its overlay (in a sandbox). */
async function buildWith(extra: string): Promise<GenerateResult> {
  const box = await sandbox({ fixture: true, mirror: false }); // the build only reads the inputs
  const overlay = join(box.root, 'spec', 'apis', 'device.yaml');
  await writeFile(overlay, `${await readFile(overlay, 'utf8')}${extra}`);
  return buildAll({ root: box.root, upstreamDir: box.mirror, apis: ['device'], context: suiteContext() });
}

let result: GenerateResult;
beforeAll(async () => {
  result = await buildWith(EVOLUTION);
});
const file = (path: string) => {
  const text = result.files.get(path);
  if (text === undefined) throw new Error(`${path} was not generated`);
  return text;
};

describe('renamed and deprecated SDK names', () => {
  it('keep an earlier action name as a deprecated method calling the current one', () => {
    const resource = file('packages/devices/src/resources/device.ts');
    expect(resource).toMatch(
      /\* @deprecated Renamed to `getState` \(`device\.getState`\): the same action, under its earlier name\.\n\s+\*\/\n\s+state\(params: T\.DeviceGetStateParams, options\?: RequestOptions\): ApiPromise<T\.DeviceGetStateResult> \{\n\s+return this\.getState\(params, options\);/,
    );
    expect(resource).toMatch(/\* @deprecated read the states from the state stream instead\n/);
  });

  it('keep an earlier parameter name, typed as the parameter and renamed by the route', () => {
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    expect(flat(file('packages/devices/src/types.ts'))).toContain(
      "/** @deprecated Renamed to `start`. */ from?: NonNullable<operations['device.getState']['parameters']['query']>['start'] | undefined;",
    );
    expect(flat(file('packages/devices/src/resources/device.ts'))).toContain("aliases: { from: 'start' }");
  });

  it('keep an earlier resource name on the client objects, the same instance', () => {
    expect(file('packages/devices/src/index.ts')).toMatch(/get thing\(\) \{\n\s+return this\.device;\n\s+\}/);
    const umbrella = file('packages/sdk/src/index.ts');
    expect(umbrella).toMatch(/\/\*\* @deprecated Renamed to `device`[^*]*\*\/\n\s+readonly thing: Device;/);
    expect(umbrella).toMatch(/get thing\(\) \{\n\s+return this\.device;/);
  });

  it('are recorded in the API-surface snapshot, for the release flow', () => {
    const surface = JSON.parse(file('spec/surface/device.json')) as {
      packages: Record<string, { aliases?: Record<string, string>; deprecated?: Record<string, string> }>;
    };
    expect(surface.packages['@losant-sdk/devices']).toMatchObject({
      aliases: {
        thing: 'device',
        'device.getState.from': 'device.getState.start',
        'device.state': 'device.getState',
      },
      deprecated: {
        'device.getState': 'read the states from the state stream instead',
        'device.getState.duration': 'the API caps the range it returns anyway',
      },
    });
  });

  it('type-check as a user calls them (the aliases are the same signatures)', () => {
    const dir = '/generated';
    const files = new Map<string, string>();
    for (const [path, text] of result.files)
      if (path.startsWith('packages/devices/src/'))
        files.set(join(dir, path.slice('packages/devices/src/'.length)), text);
    files.set(
      join(dir, 'use.ts'),
      [
        "import { createDevicesApi } from './index.js';",
        'const api = createDevicesApi({ token: "t" });',
        "const applicationId = '575ec8687ae143cd83dc4a97';",
        "const deviceId = '575ecf887ae143cd83dc4aa2';",
        "void api.thing.state({ applicationId, deviceId, limit: '10' });",
        "void api.device.getState({ applicationId, deviceId, from: '1465790400000' });",
        '// @ts-expect-error an alias is typed like the parameter it names',
        'void api.device.getState({ applicationId, deviceId, from: { not: "a time" } });',
      ].join('\n'),
    );
    const options: ts.CompilerOptions = {
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
    };
    const host = ts.createCompilerHost(options);
    const real = { fileExists: host.fileExists, readFile: host.readFile, getSourceFile: host.getSourceFile };
    host.fileExists = (f) => files.has(f) || real.fileExists(f);
    host.readFile = (f) => files.get(f) ?? real.readFile(f);
    host.getSourceFile = (f, v, onError, create) =>
      files.has(f) ? ts.createSourceFile(f, files.get(f)!, v) : real.getSourceFile(f, v, onError, create);
    // Resolve @losant-sdk/core as the packages do: the workspace's built core.
    host.getCurrentDirectory = () => join(repoRoot, 'packages', 'devices');
    const resolveHost = { fileExists: host.fileExists, readFile: host.readFile };
    host.resolveModuleNameLiterals = (literals, containing) =>
      literals.map((l) => {
        const name = l.text;
        if (name === '@losant-sdk/core')
          return {
            resolvedModule: {
              resolvedFileName: join(repoRoot, 'packages', 'core', 'dist', 'index.d.ts'),
              extension: ts.Extension.Dts,
            },
          };
        return ts.resolveModuleName(
          name,
          containing,
          { ...options, moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext },
          resolveHost,
        );
      });
    const program = ts.createProgram([join(dir, 'use.ts')], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  });
});

describe('an evolution entry that names nothing', () => {
  it.each([
    [
      'renamed:\n  actions:\n    device.state: launch\n',
      '/renamed/actions/device.state',
      'device.launch is not an action',
    ],
    [
      'renamed:\n  actions:\n    device.get: getState\n',
      '/renamed/actions/device.get',
      '"get" is a current action of device',
    ],
    ['renamed:\n  resources:\n    gadget: gizmo\n', '/renamed/resources/gadget', 'resource "gizmo" is not a resource'],
    ['deprecated:\n  device.getState.depth: why\n', '/deprecated/device.getState.depth', 'has no parameter "depth"'],
  ])('%s is refused at its entry', async (extra, pointer, message) => {
    const error = await buildWith(extra).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeneratorError);
    const g = error as GeneratorError;
    expect(g.code).toBe('INVALID_OVERLAY');
    expect(g.file).toMatch(/spec\/apis\/device\.yaml$/);
    expect(g.pointer).toBe(pointer);
    expect(g.message).toContain(message);
  });
});
