import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/**
 * A git repository holding exactly what a clone of this one holds (tracked files as they are in the working tree,
 * plus new files git does not ignore), committed once: what a user's tools fetch when they name this repository
 * and a commit. Nothing built comes along: no node_modules, no dist. Returns the commit.
 */
export function snapshotRepository(into: string): string {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f.length > 0);
  for (const file of files) {
    const target = join(into, file);
    mkdirSync(dirname(target), { recursive: true });
    try {
      copyFileSync(join(REPO_ROOT, file), target);
    } catch (error) {
      // A tracked file deleted in the working tree is not part of what a clone would get after committing.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  git(into, 'init', '-q');
  git(into, 'add', '-A');
  git(into, 'commit', '-q', '-m', 'snapshot');
  return git(into, 'rev-parse', 'HEAD').trim();
}

/** Run git with a fixed identity and no user or system configuration. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}
