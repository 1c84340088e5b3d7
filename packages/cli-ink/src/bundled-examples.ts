import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the example desired-state files and the simulator's example world: `examples/` of the
 * repository when running from a checkout, or the copy the build places next to `dist/` in the published package.
 */
export function examplesDir(): string {
  const candidates = [new URL('../examples/', import.meta.url), new URL('../../../examples/', import.meta.url)];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (existsSync(`${path}sim-fixture.yaml`)) return path;
  }
  return fileURLToPath(candidates[1]!);
}

/** The simulator world `atlas-cmk sim` and `atlas-cmk demo` start from when no `--fixture` is given. */
export function defaultFixturePath(): string {
  return `${examplesDir()}sim-fixture.yaml`;
}
