/**
 * Bundle size: esbuild bundles a consumer of one tag package (+ core + openapi-fetch), the
 * umbrella, openapi-fetch alone, and losant-rest with its dependencies; minified, and
 * minified + gzip (level 9). Each consumer makes one call, as a real one would.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BENCH_DIR, ROOT, TMP, kb, ratio, table } from './lib/measure.js';
import type { Section } from './lib/report.js';

interface Consumer {
  name: string;
  label: string;
  source: string;
  platform: 'browser' | 'node';
}

/** What the umbrella holds, from the generated packages: tag packages it depends on, actions of all APIs. */
function umbrellaContents(): string {
  const read = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
  const manifest = read('generated/manifest.json') as { files: string[] };
  const apis = [...new Set(manifest.files.map((f) => /^generated\/([^/]+)\/openapi\.json$/.exec(f)?.[1]))].filter(
    (a): a is string => a !== undefined,
  );
  const actions = apis
    .map((api) => read(`generated/${api}/openapi.json`) as { paths: Record<string, Record<string, unknown>> })
    .flatMap((doc) => Object.values(doc.paths).flatMap((item) => Object.keys(item)))
    .filter((k) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(k)).length;
  const deps = Object.keys(
    (read('packages/sdk/package.json') as { dependencies: Record<string, string> }).dependencies,
  );
  const tags = deps.filter((d) => d.startsWith('@losant-sdk/') && d !== '@losant-sdk/core').length;
  return `${tags} tag packages, ${actions} actions of ${apis.length} APIs`;
}

const CONSUMERS: Consumer[] = [
  {
    name: 'one-tag',
    label: '`@losant-sdk/dashboards` + core (+ openapi-fetch)',
    platform: 'browser',
    source: `import { createDashboardsApi } from '@losant-sdk/dashboards';
const api = createDashboardsApi({ token: 'token' });
export const list = (applicationId) => api.applicationDashboards.get({ applicationId });`,
  },
  {
    name: 'umbrella',
    label: `one action through the umbrella \`@losant-sdk/sdk\` (${umbrellaContents()})`,
    platform: 'browser',
    source: `import { createLosantClient } from '@losant-sdk/sdk';
const losant = createLosantClient({ token: 'token' });
export const get = (applicationId) => losant.application.get({ applicationId });`,
  },
  {
    name: 'openapi-fetch',
    label: 'openapi-fetch 0.17 alone',
    platform: 'browser',
    source: `import createClient from 'openapi-fetch';
const client = createClient({ baseUrl: 'https://api.losant.com' });
export const get = (applicationId) => client.GET('/applications/{applicationId}', { params: { path: { applicationId } } });`,
  },
  {
    name: 'losant-rest',
    label:
      'losant-rest 2.8.1 + axios, qs, form-data, eventsource… (platform node, built-ins external: its eventsource needs Node built-ins, so no browser bundle)',
    platform: 'node',
    source: `import losant from 'losant-rest';
const client = losant.createClient({ accessToken: 'token' });
export const get = (applicationId) => client.application.get({ applicationId });`,
  },
];

export async function bundle(): Promise<Section> {
  const dir = join(TMP, 'bundle');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const sizes: Record<string, { min: number; gzip: number }> = {};
  for (const c of CONSUMERS) {
    const entry = join(dir, `${c.name}.mjs`);
    await writeFile(entry, c.source + '\n');
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: BENCH_DIR,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: c.platform,
      target: 'es2022',
      write: false,
      logLevel: 'error',
    });
    const code = result.outputFiles[0]!.contents;
    sizes[c.name] = { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
  }
  const one = sizes['one-tag']!;
  const markdown = [
    table(
      ['consumer bundle (esbuild 0.28, minified, ES2022)', 'min', 'min + gzip', 'min+gz ratio to openapi-fetch'],
      CONSUMERS.map((c) => [
        c.label,
        kb(sizes[c.name]!.min),
        kb(sizes[c.name]!.gzip),
        ratio(sizes[c.name]!.gzip / sizes['openapi-fetch']!.gzip),
      ]),
    ),
  ].join('\n');
  return {
    name: 'bundle',
    markdown,
    goals: [{ goal: 'one tag + core ≤ 9 KB min+gz', measured: kb(one.gzip), met: one.gzip <= 9 * 1024 }],
    data: { bytes: sizes },
  };
}
