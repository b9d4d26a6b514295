/**
 * The root README's runtime table, made from the suite's own lists (plan.ts) and the bundle sizes
 * the bundle benchmark last measured (bench/results/bundle.json), so that it cannot drift: a test
 * compares the README to it.
 *
 *   pnpm --filter @losant-sdk/ecosystem readme     (rewrites the table in README.md)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIMES, SCENARIOS } from './plan.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const README = join(ROOT, 'README.md');
const BUNDLE_RESULTS = join(ROOT, 'bench', 'results', 'bundle.json');
export const START = '<!-- ecosystem:runtimes -->';
export const END = '<!-- /ecosystem:runtimes -->';

interface BundleResults {
  date: string;
  bytes: Record<string, { min: number; gzip: number }>;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The section between the markers (markers excluded). */
export function runtimeSection(bundle: BundleResults = JSON.parse(readFileSync(BUNDLE_RESULTS, 'utf8'))): string {
  const head = `| scenario | ${RUNTIMES.map((r) => r.label).join(' | ')} |`;
  const rule = `|---|${RUNTIMES.map(() => ':-:').join('|')}|`;
  const rows = SCENARIOS.map(
    (s) => `| ${s.what} | ${RUNTIMES.map((r) => (!s.only || s.only.includes(r.name) ? '✓' : '—')).join(' | ')} |`,
  );
  const pinned = (
    JSON.parse(readFileSync(join(ROOT, 'ecosystem', 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies;
  const sources = RUNTIMES.map(
    (r) => `- ${r.label}: ${r.source}${r.npm ? ` (npm \`${r.npm}\` ${pinned[r.npm]})` : ''}`,
  );
  const tag = bundle.bytes['one-tag'];
  const umbrella = bundle.bytes['umbrella'];
  if (!tag || !umbrella) throw new Error(`${BUNDLE_RESULTS} has no one-tag or umbrella sizes`);
  return [
    head,
    rule,
    ...rows,
    '',
    '— marks a scenario a runtime has no means for (no `node:http` server for the mock, no proxy',
    'setting of its own for `fetch`). Where each runtime comes from:',
    '',
    ...sources,
    '',
    `In a browser bundle (esbuild, minified and gzip-compressed, as \`pnpm bench bundle\` measured it on`,
    `${bundle.date}): one tag package with core and openapi-fetch is ${kb(tag.gzip)}, one call through the`,
    `umbrella \`@losant-sdk/sdk\` ${kb(umbrella.gzip)} (it keeps every resource class). In browsers, import`,
    'the tag packages you use rather than the umbrella.',
  ].join('\n');
}

/** `readme` with its section replaced by `section`. */
export function withSection(readme: string, section: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, start + START.length)}\n${section}\n${readme.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readme = readFileSync(README, 'utf8');
  const next = withSection(readme, runtimeSection());
  if (next !== readme) writeFileSync(README, next);
  console.log(next === readme ? 'README.md: the runtime table is current' : 'README.md: runtime table rewritten');
}
