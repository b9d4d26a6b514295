// The README's two full examples are the files this package's test script runs, verbatim.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const blocks = [...read('README.md').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README examples', () => {
  it.each(['examples/vitest/restart-offline-pumps.test.ts', 'examples/node-test/send-command.test.ts'])(
    '%s is in the README, verbatim',
    (file) => {
      expect(blocks).toContain(read(file));
    },
  );
});
