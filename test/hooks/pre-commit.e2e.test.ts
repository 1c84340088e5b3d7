import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../packaging/run-command.js';
import { toolEnv } from '../packaging/tool-env.js';
import { git, REPO_ROOT, snapshotRepository } from './hook-repo.js';

// The hook as its users run it: the real pre-commit tool (and husky with lint-staged) fetching this repository by
// path and commit, with no release on any registry. Each variant blocks a commit of a file with a policy error,
// naming the rule and the file:line:column, and lets a good file through.
describe('the pre-commit hook, as users install it', () => {
  let root = '';
  let repo = '';
  let rev = '';
  const env = () =>
    toolEnv({ GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', PRE_COMMIT_HOME: join(root, 'cache') });

  /** A user's repository with a good and a bad desired-state file under atlas/. */
  function userRepository(name: string): string {
    const dir = join(root, name);
    mkdirSync(join(dir, 'atlas'), { recursive: true });
    git(dir, 'init', '-q');
    const good = readFileSync(join(REPO_ROOT, 'examples/payments-prod.yaml'), 'utf8');
    writeFileSync(join(dir, 'atlas/good.yaml'), good);
    const bad = good.replace('keyIdentifier: https://kv-payments.', 'keyIdentifier: https://other-vault.');
    expect(bad).not.toBe(good);
    writeFileSync(join(dir, 'atlas/bad.yaml'), bad);
    return dir;
  }

  const badLine = () => {
    const line = readFileSync(join(REPO_ROOT, 'examples/payments-prod.yaml'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('keyIdentifier:'));
    return line + 1;
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'atlas-cmk-hooks-'));
    repo = join(root, 'atlas-cmk');
    mkdirSync(repo);
    rev = snapshotRepository(repo);
    expect(execFileSync('pre-commit', ['--version'], { encoding: 'utf8' })).toMatch(/^pre-commit \d/);
  }, 120_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('pre-commit with this repository and a commit as the hook repo', async () => {
    const dir = userRepository('with-remote');
    writeFileSync(
      join(dir, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${repo}\n    rev: ${rev}\n    hooks:\n      - id: atlas-cmk-check\n`,
    );
    git(dir, 'add', '-A');
    const bad = await runCommand('pre-commit', ['run', '--files', 'atlas/bad.yaml'], {
      cwd: dir,
      env: env(),
      timeoutMs: 600_000,
    });
    const output = bad.stdout + bad.stderr;
    expect(output).toContain(`atlas/bad.yaml:${badLine()}:`);
    expect(output).toContain('[cmk/key-in-configured-vault]');
    expect(bad.code, output).toBe(1);

    // Every staged YAML file reaches the hook: the pre-commit config itself is skipped, not failed.
    const good = await runCommand('pre-commit', ['run', '--files', 'atlas/good.yaml', '.pre-commit-config.yaml'], {
      cwd: dir,
      env: env(),
      timeoutMs: 120_000,
    });
    expect(good.stdout).toMatch(/atlas-cmk check\.+Passed/);
    expect(good.code, good.stdout + good.stderr).toBe(0);
  }, 660_000);

  it('pre-commit with repo: local, atlas-cmk installed from the repository as a dev dependency', async () => {
    const dir = userRepository('with-local');
    const npm = (args: string[]) => runCommand('npm', args, { cwd: dir, env: env(), timeoutMs: 600_000 });
    expect((await npm(['init', '-y'])).code).toBe(0);
    const install = await npm(['install', '--save-dev', '--no-audit', '--no-fund', `git+file://${repo}#${rev}`]);
    expect(install.code, install.stdout + install.stderr).toBe(0);
    writeFileSync(
      join(dir, '.pre-commit-config.yaml'),
      [
        'repos:',
        '  - repo: local',
        '    hooks:',
        '      - id: atlas-cmk-check',
        '        name: atlas-cmk check',
        '        entry: npx --no-install atlas-cmk check --skip-other-yaml',
        '        language: system',
        '        files: ^atlas/.*\\.ya?ml$',
        '',
      ].join('\n'),
    );
    git(dir, 'add', 'atlas', '.pre-commit-config.yaml');
    const bad = await runCommand('pre-commit', ['run', '--files', 'atlas/bad.yaml'], { cwd: dir, env: env() });
    expect(bad.stdout + bad.stderr).toContain(`atlas/bad.yaml:${badLine()}:`);
    expect(bad.stdout + bad.stderr).toContain('[cmk/key-in-configured-vault]');
    expect(bad.code).toBe(1);
    const good = await runCommand('pre-commit', ['run', '--files', 'atlas/good.yaml'], { cwd: dir, env: env() });
    expect(good.code, good.stdout + good.stderr).toBe(0);
  }, 660_000);

  it('husky and lint-staged stop a commit of the bad file and let the good one through', async () => {
    const dir = userRepository('with-husky');
    const npm = (args: string[]) => runCommand('npm', args, { cwd: dir, env: env(), timeoutMs: 600_000 });
    expect((await npm(['init', '-y'])).code).toBe(0);
    const install = await npm([
      'install',
      '--save-dev',
      '--no-audit',
      '--no-fund',
      'husky@9',
      'lint-staged@15',
      `git+file://${repo}#${rev}`,
    ]);
    expect(install.code, install.stdout + install.stderr).toBe(0);
    const init = await runCommand('npx', ['--no-install', 'husky', 'init'], { cwd: dir, env: env() });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    writeFileSync(join(dir, '.husky/pre-commit'), 'npx --no-install lint-staged\n');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    manifest['lint-staged'] = { 'atlas/**/*.{yaml,yml}': 'atlas-cmk check --skip-other-yaml' };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
    copyFileSync(join(dir, 'atlas/good.yaml'), join(dir, 'atlas/first.yaml'));

    const commit = (file: string) =>
      runCommand('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', 'commit', '-m', file], {
        cwd: dir,
        env: env(),
        timeoutMs: 120_000,
      });
    git(dir, 'add', 'package.json', 'package-lock.json', '.husky', '.gitignore', 'atlas/first.yaml');
    const first = await commit('first');
    expect(first.code, first.stdout + first.stderr).toBe(0);

    git(dir, 'add', 'atlas/bad.yaml');
    const bad = await commit('bad');
    expect(bad.stdout + bad.stderr).toContain(`atlas/bad.yaml:${badLine()}:`);
    expect(bad.stdout + bad.stderr).toContain('[cmk/key-in-configured-vault]');
    expect(bad.code).not.toBe(0);
    expect(git(dir, 'log', '--format=%s')).not.toContain('bad');

    git(dir, 'reset', '-q', 'atlas/bad.yaml');
    git(dir, 'add', 'atlas/good.yaml');
    const good = await commit('good');
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(git(dir, 'log', '--format=%s').split('\n')).toContain('good');
  }, 660_000);
});
