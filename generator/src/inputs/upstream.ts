// Where the pinned upstream inputs come from: a mirror (explicit, $LOSANT_UPSTREAM_DIR, or
// ../shared/upstream beside the repository), else their origins, downloaded and checked.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GeneratorError } from '../errors.js';
import { UpstreamSource } from './source.js';

export function resolveUpstreamDir(root: string, explicit?: string): string | undefined {
  const chosen = explicit ?? process.env['LOSANT_UPSTREAM_DIR'];
  if (chosen) {
    const dir = resolve(chosen);
    if (!existsSync(dir)) {
      throw new GeneratorError('INPUT_NOT_FOUND', `the upstream mirror ${dir} does not exist`, {
        file: dir,
        hint: 'point --upstream / LOSANT_UPSTREAM_DIR at a mirror, or unset it to download from the origins in spec/sources.lock.json',
      });
    }
    return dir;
  }
  const beside = resolve(root, '..', 'shared', 'upstream');
  return existsSync(beside) ? beside : undefined;
}

/** The run's source of upstream inputs; says which it is through `log`. */
export function upstreamSource(
  root: string,
  o: { upstreamDir?: string | undefined; fetch?: typeof fetch | undefined; log?: ((line: string) => void) | undefined },
): UpstreamSource {
  const source = new UpstreamSource({
    mirrorDir: resolveUpstreamDir(root, o.upstreamDir),
    cacheDir: join(root, 'node_modules', '.cache', 'losant-sdk', 'upstream'),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  o.log?.(
    source.mirrorDir
      ? `upstream mirror: ${source.mirrorDir}`
      : 'no upstream mirror: downloading from the origins in the lock',
  );
  return source;
}
