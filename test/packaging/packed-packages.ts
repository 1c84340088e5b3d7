import { access, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mustSucceed, runCommand } from './run-command.js';
import { toolEnv } from './tool-env.js';

/** The root of the repository, where `pnpm -r pack` runs. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every package the repository publishes; `pnpm -r pack` must produce exactly one tarball for each. */
export const PUBLISHED_PACKAGES = [
  '@atlas-cmk/core',
  '@atlas-cmk/policies',
  '@atlas-cmk/planner',
  '@atlas-cmk/runner',
  '@atlas-cmk/atlas-sim',
  'atlas-cmk',
] as const;

/** Build outputs that only `pnpm build` makes and that a package is useless without. */
const BUILD_OUTPUTS = [
  'packages/cli-ink/dist/bin.js',
  'packages/cli-ink/examples/sim-fixture.yaml',
  'packages/core/generated/validate-desired-state.js',
  'policies/generated/precompiled-rules.js',
];

/** The tarballs `pnpm -r pack` made. */
export interface PackedPackages {
  /** Absolute paths of the tarballs, one per published package. */
  tarballs: string[];
  seconds: number;
}

/** The file name pnpm gives a package's tarball: `@scope/name` becomes `scope-name-VERSION.tgz`. */
export function tarballPrefix(name: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-`;
}

/**
 * Pack every workspace package with pnpm into `<root>/tarballs`; pnpm puts real versions in place of
 * `workspace:*` and `catalog:`. Throws when a build output is missing, pnpm fails, or the tarballs are not
 * exactly one per {@link PUBLISHED_PACKAGES}.
 */
export async function packWorkspace(root: string): Promise<PackedPackages> {
  for (const output of BUILD_OUTPUTS) {
    try {
      await access(join(REPO_ROOT, output));
    } catch (error) {
      throw new Error(`${output} is missing: run pnpm build before the packaging test`, { cause: error });
    }
  }
  const destination = join(root, 'tarballs');
  await mkdir(destination);
  const started = performance.now();
  mustSucceed(
    // The repository root is the pre-commit hook's package (installed from a clone, never published): not packed.
    await runCommand('pnpm', ['-r', '--filter', '!atlas-cmk-monorepo', 'pack', '--pack-destination', destination], {
      cwd: REPO_ROOT,
      env: toolEnv(),
    }),
    'pnpm -r pack',
  );
  const files = (await readdir(destination)).filter((f) => f.endsWith('.tgz'));
  const tarballs = PUBLISHED_PACKAGES.map((name) => {
    const file = files.find(
      (f) => f.startsWith(tarballPrefix(name)) && /^\d/.test(f.slice(tarballPrefix(name).length)),
    );
    if (!file) throw new Error(`pnpm -r pack made no tarball for ${name}; it made: ${files.join(', ')}`);
    return join(destination, file);
  });
  const unknown = files.filter((f) => !tarballs.includes(join(destination, f)));
  if (unknown.length > 0) {
    throw new Error(`pnpm -r pack made tarballs of packages missing from PUBLISHED_PACKAGES: ${unknown.join(', ')}`);
  }
  return { tarballs, seconds: (performance.now() - started) / 1000 };
}
