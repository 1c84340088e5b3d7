import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { mustSucceed, runCommand } from './run-command.js';
import { toolEnv } from './tool-env.js';

/** An empty npm project with the tarballs installed into it. */
export interface InstalledProject {
  dir: string;
  /** `node_modules/.bin/atlas-cmk` of the project: the command users get. */
  bin: string;
  seconds: number;
}

/**
 * Create `<root>/project` with `npm init -y` and `npm install` every tarball at once, as a user installing the
 * release would (third-party dependencies come from the npm registry, or from npm's cache when it has them).
 * A failure throws with npm's whole output.
 */
export async function installTarballs(root: string, tarballs: string[]): Promise<InstalledProject> {
  const dir = join(root, 'project');
  await mkdir(dir);
  const env = toolEnv();
  mustSucceed(await runCommand('npm', ['init', '-y'], { cwd: dir, env }), 'npm init');
  const started = performance.now();
  mustSucceed(
    await runCommand('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
      cwd: dir,
      env,
      timeoutMs: 200_000,
    }),
    'npm install of the packed tarballs',
  );
  return { dir, bin: join(dir, 'node_modules', '.bin', 'atlas-cmk'), seconds: (performance.now() - started) / 1000 };
}
