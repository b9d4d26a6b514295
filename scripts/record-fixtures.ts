/**
 * pnpm fixtures:record: run every fixture scenario through the SDK and write redacted HAR
 * files to fixtures/<api>/, for every API (or `--api NAME`, repeatable).
 *
 *   LOSANT_TOKEN=… [LOSANT_BASE_URL=…] [LOSANT_ID_applicationId=…] pnpm fixtures:record [--api NAME] [--only REGEX] [--allow-writes]
 *       against a live Losant API. Only GET actions unless --allow-writes (the rest create,
 *       change or delete things). Documented example IDs are replaced by LOSANT_ID_<param>.
 *   pnpm fixtures:record --stand-in
 *       against the local, schema-driven stand-in: how the committed fixture set is made
 *       where no live account is available (deterministic: fixed clock, seeded values).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { recordAll, SpecValidator, startStandIn, type ScenarioCall } from '@losant-sdk/fixtures';
import { createLosantClient } from '@losant-sdk/sdk';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    'stand-in': { type: 'boolean' },
    api: { type: 'string', multiple: true },
    only: { type: 'string' },
    'allow-writes': { type: 'boolean' },
    out: { type: 'string' },
  },
});
const apis =
  values.api ??
  (await readdir(join(root, 'generated'), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
const EPOCH = Date.UTC(2026, 10, 22, 8, 30, 0);
if (values.out && apis.length > 1) {
  console.error('--out needs exactly one --api');
  process.exit(2);
}
const only = values.only ? new RegExp(values.only) : undefined;
const ids = Object.fromEntries(
  Object.entries(process.env)
    .filter(([k]) => k.startsWith('LOSANT_ID_'))
    .map(([k, v]) => [k.slice('LOSANT_ID_'.length), v!]),
);

for (const api of apis) {
  const file = join(root, 'generated', api, 'openapi.json');
  const validator = new SpecValidator(JSON.parse(await readFile(file, 'utf8')), file);
  const standIn = values['stand-in'] ? await startStandIn(validator, { epochMs: EPOCH }) : undefined;
  const token = standIn ? 'stand-in-token' : process.env['LOSANT_TOKEN'];
  if (!token) {
    console.error('set LOSANT_TOKEN (and LOSANT_BASE_URL for a private instance), or pass --stand-in');
    process.exit(2);
  }
  const baseUrl = standIn?.url ?? process.env['LOSANT_BASE_URL'] ?? 'https://api.losant.com';
  const readOnly = !standIn && !values['allow-writes'];
  const method = (id: string) => validator.operation(id)?.method ?? '';
  const filter =
    only || readOnly
      ? (s: ScenarioCall) => (!only || only.test(s.operationId)) && (!readOnly || method(s.operationId) === 'GET')
      : undefined;
  try {
    const result = await recordAll({
      validator,
      outDir: values.out ? resolve(values.out) : join(root, 'fixtures', api),
      token,
      epochMs: EPOCH,
      ...(standIn ? { standIn } : {}),
      ...(filter ? { only: filter } : {}),
      ...(Object.keys(ids).length ? { ids } : {}),
      invoke: (s, params, fetch) => {
        const losant = createLosantClient({ token, baseUrl, fetch }) as unknown as Record<
          string,
          Record<string, (p: unknown) => PromiseLike<unknown>>
        >;
        return Promise.resolve(losant[s.resource]![s.action]!(params));
      },
      log: (l) => console.log(`${api}: ${l}`),
    });
    console.log(
      `${api}: wrote ${result.files} files, ${result.entries} exchanges${result.skipped.length ? `; skipped (need the stand-in): ${result.skipped.join('; ')}` : ''}`,
    );
  } finally {
    await standIn?.close();
  }
}
