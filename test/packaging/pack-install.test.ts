import { access, constants, copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from '../../packages/cli-ink/test/run-cli.js';
import { installTarballs, type InstalledProject } from './install-project.js';
import { manifestTargets, workspaceOnlySpecifiers, type Manifest } from './manifest-targets.js';
import { PUBLISHED_PACKAGES, REPO_ROOT, packWorkspace, type PackedPackages } from './packed-packages.js';
import { startInstalledSim } from './installed-sim.js';
import { runCommand, runUntilOutput } from './run-command.js';
import { toolEnv } from './tool-env.js';

// Packs the six packages, installs the tarballs into an empty npm project and runs the installed `atlas-cmk`
// from there: what a user gets from `npm install atlas-cmk`, with no path back into this repository.
describe('the packed packages installed with npm', () => {
  let root: string | undefined;
  let packed: PackedPackages;
  let project: InstalledProject;

  const manifestOf = async (name: string): Promise<Manifest> =>
    JSON.parse(await readFile(join(project.dir, 'node_modules', name, 'package.json'), 'utf8')) as Manifest;
  const cli = (args: string[]) =>
    runCommand(project.bin, args, { cwd: project.dir, env: toolEnv(), timeoutMs: 60_000 });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'atlas-cmk-packaging-'));
    packed = await packWorkspace(root);
    project = await installTarballs(root, packed.tarballs);
    console.info(`packed in ${packed.seconds.toFixed(1)} s, npm install took ${project.seconds.toFixed(1)} s`);
  }, 240_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('gives every package real versions in place of workspace: and catalog: specifiers', async () => {
    for (const name of PUBLISHED_PACKAGES) {
      const manifest = await manifestOf(name);
      expect(manifest.name).toBe(name);
      expect(workspaceOnlySpecifiers(manifest), name).toEqual([]);
    }
    const cliManifest = await manifestOf('atlas-cmk');
    for (const name of PUBLISHED_PACKAGES.filter((n) => n !== 'atlas-cmk')) {
      expect(cliManifest.dependencies?.[name], `atlas-cmk depends on ${name}`).toBe((await manifestOf(name)).version);
    }
  });

  it('takes every workspace package from its tarball, none from the registry', async () => {
    const lock = JSON.parse(await readFile(join(project.dir, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>;
    };
    for (const name of PUBLISHED_PACKAGES) {
      expect(lock.packages[`node_modules/${name}`]?.resolved, name).toMatch(/^file:.*\.tgz$/);
    }
  });

  it('ships every file that exports and bin name, and the data files read at run time', async () => {
    for (const name of PUBLISHED_PACKAGES) {
      const dir = join(project.dir, 'node_modules', name);
      const targets = manifestTargets(await manifestOf(name));
      expect(targets.length, name).toBeGreaterThan(0);
      for (const target of targets)
        await expect(access(join(dir, target)), `${name}/${target}`).resolves.toBeUndefined();
    }
    const dataFiles = [
      '@atlas-cmk/core/schema/project-encryption.v1.schema.json',
      '@atlas-cmk/core/schema/policy-rule.v1.schema.json',
      '@atlas-cmk/core/generated/validate-desired-state.js',
      '@atlas-cmk/policies/rules/no-inline-secret.yaml',
      '@atlas-cmk/policies/generated/precompiled-rules.js',
      'atlas-cmk/examples/sim-fixture.yaml',
      'atlas-cmk/examples/payments-prod.yaml',
    ];
    for (const file of dataFiles) {
      await expect(access(join(project.dir, 'node_modules', file)), file).resolves.toBeUndefined();
    }
  });

  it('ships no private key: the simulator makes its HTTPS certificate at start-up', async () => {
    const offenders: string[] = [];
    for (const name of PUBLISHED_PACKAGES) {
      const dir = join(project.dir, 'node_modules', name);
      for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        if (/\.(pem|key|p12|pfx)$/i.test(entry.name) || /PRIVATE KEY-----/.test(await readFile(path, 'utf8')))
          offenders.push(path.slice(project.dir.length + 1));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('imports every package from the installed project', async () => {
    const script = `for (const name of ${JSON.stringify(PUBLISHED_PACKAGES)}) {
      const exported = Object.keys(await import(name));
      if (exported.length === 0) throw new Error(name + ' exports nothing');
      console.log(name, exported.length);
    }`;
    const result = await runCommand(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project.dir,
      env: toolEnv(),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(PUBLISHED_PACKAGES.length);
  });

  it('installs node_modules/.bin/atlas-cmk and atlas-sim as executable scripts with a node shebang', async () => {
    for (const bin of ['atlas-cmk', 'atlas-sim']) {
      const path = join(project.dir, 'node_modules', '.bin', bin);
      const { mode } = await stat(path);
      expect(mode & constants.S_IXUSR, bin).toBe(constants.S_IXUSR);
      expect((await readFile(path, 'utf8')).split('\n')[0], bin).toBe('#!/usr/bin/env node');
    }
    const sim = await runCommand(join(project.dir, 'node_modules', '.bin', 'atlas-sim'), ['--help'], {
      cwd: project.dir,
      env: toolEnv(),
    });
    expect(sim.stdout).toMatch(/^Usage: atlas-sim /);
    expect(sim.code).toBe(0);
  });

  it('atlas-cmk --help lists the commands and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const command of ['check', 'plan', 'apply', 'status', 'export', 'comment', 'policy test', 'sim', 'demo']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toBe(`atlas-cmk ${(await manifestOf('atlas-cmk')).version}`);
  });

  it('atlas-cmk check passes an example copied into the project', async () => {
    await copyFile(join(REPO_ROOT, 'examples', 'payments-prod.yaml'), join(project.dir, 'payments-prod.yaml'));
    const result = await cli(['check', 'payments-prod.yaml']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('1 file checked, no problems.');
    expect(result.code).toBe(0);
  });

  it('atlas-cmk check reports a broken example by file, line and column, without a stack trace', async () => {
    const example = await readFile(join(REPO_ROOT, 'examples', 'payments-prod.yaml'), 'utf8');
    expect(example).toMatch(/approval: azure/);
    await writeFile(join(project.dir, 'broken.yaml'), example.replace('approval: azure', 'approval: sometimes'));
    const result = await cli(['check', 'broken.yaml']);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/broken\.yaml:\d+:\d+\s+error\s+.*approval/);
    expect(hasStackTrace(output)).toBe(false);
    expect(result.code).toBe(1);
  });

  it('atlas-cmk policy test runs the fixtures of the installed built-in pack', async () => {
    const result = await cli(['policy', 'test', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.stringify(JSON.parse(result.stdout));
    expect(report).toContain(join(project.dir, 'node_modules', '@atlas-cmk', 'policies'));
    expect(report).not.toContain(REPO_ROOT);
  });

  it('atlas-cmk demo plans and applies the bundled examples against the bundled world', async () => {
    const result = await cli(['demo', '--format', 'plain', '--time-scale', '600']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(join('node_modules', 'atlas-cmk', 'examples', 'sim-fixture.yaml'));
    expect(result.stdout).toContain('No changes. Live state matches the desired state.');
    expect(result.stdout).toContain('Demo complete');
    expect(result.code).toBe(0);
  });

  it('atlas-cmk check, plan and apply work against the installed atlas-sim in conformance mode', async () => {
    const examples = join(project.dir, 'node_modules', 'atlas-cmk', 'examples');
    await copyFile(join(examples, 'sim-fixture.yaml'), join(project.dir, 'world.yaml'));
    await copyFile(join(examples, 'analytics-dev.yaml'), join(project.dir, 'analytics-dev.yaml'));
    // The installed project's own copy of `yaml` reads the world file.
    const { parse } = createRequire(join(project.dir, 'package.json'))('yaml') as { parse: (text: string) => unknown };
    const fixture = parse(await readFile(join(project.dir, 'world.yaml'), 'utf8')) as {
      apiKeys: { publicKey: string; privateKey: string }[];
      azure: { apps: { clientSecret: string }[] };
    };
    const sim = await startInstalledSim(
      join(project.dir, 'node_modules', '.bin', 'atlas-sim'),
      ['--fixture', 'world.yaml', '--time-scale', '600'],
      { cwd: project.dir, env: toolEnv() },
    );
    let stopped: { code: number | null; stderr: string } | undefined;
    try {
      const env = toolEnv({
        MONGODB_ATLAS_BASE_URL: sim.urls.atlas,
        MONGODB_ATLAS_PUBLIC_API_KEY: fixture.apiKeys[0]!.publicKey,
        MONGODB_ATLAS_PRIVATE_API_KEY: fixture.apiKeys[0]!.privateKey,
        AZURE_CLIENT_SECRET: fixture.azure.apps[0]!.clientSecret,
      });
      const run = (args: string[]) => runCommand(project.bin, args, { cwd: project.dir, env, timeoutMs: 120_000 });

      const check = await run(['check', 'analytics-dev.yaml']);
      expect(check.stdout + check.stderr).toContain('1 file checked, no problems.');
      expect(check.code).toBe(0);

      // This world gives no Azure identity (and a developer's own az login must not be used against it).
      const plan = await run([
        'plan',
        'analytics-dev.yaml',
        '--out',
        'plan.json',
        '--detailed-exitcode',
        '--skip-preflight',
      ]);
      expect(plan.stderr).toBe('');
      expect(plan.stdout).toMatch(/Plan: \d+ to add, \d+ to change, \d+ to destroy/);
      expect(plan.code).toBe(2);

      const apply = await run(['apply', '--plan', 'plan.json', '--format', 'plain']);
      expect(hasStackTrace(apply.stdout + apply.stderr)).toBe(false);
      expect(apply.code, apply.stdout + apply.stderr).toBe(0);

      const again = await run(['plan', 'analytics-dev.yaml', '--detailed-exitcode', '--skip-preflight']);
      expect(again.stdout).toContain('No changes.');
      expect(again.code).toBe(0);
    } finally {
      stopped = await sim.stop();
    }
    expect(stopped.stderr).not.toMatch(/contract violation/);
    expect(stopped.stderr).toBe('');
  });

  it('atlas-cmk sim starts from the example world bundled in the package and stops on SIGTERM', async () => {
    const result = await runUntilOutput(
      project.bin,
      ['sim', '--port', '0'],
      { cwd: project.dir, env: toolEnv(), timeoutMs: 60_000 },
      'Press Ctrl-C to stop.',
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(join(project.dir, 'node_modules', 'atlas-cmk', 'examples', 'sim-fixture.yaml'));
    expect(result.stdout).toMatch(/Atlas Admin API\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toContain('atlas-sim stopped.');
    expect(result.code).toBe(0);
  });
});
