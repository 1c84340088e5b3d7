import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, worldFixturePath } from './helpers/fixture.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const mainJs = join(packageDir, 'dist/main.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts main.js, waits for its first stdout line, runs `during`, then sends `signal` and waits for exit. */
function runMain(
  args: string[],
  during: (firstLine: string) => Promise<void>,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!started && stdout.includes('\n')) {
        started = true;
        during(stdout.split('\n')[0] ?? '')
          .then(() => child.kill(signal))
          .catch((error: unknown) => {
            child.kill('SIGKILL');
            reject(error instanceof Error ? error : new Error(String(error)));
          });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('main.js', () => {
  let dir: string;
  beforeAll(async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json')], { stdio: 'inherit' });
    dir = await mkdtemp(join(tmpdir(), 'atlas-sim-main-'));
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the base URLs, serves requests, and stops cleanly on SIGTERM', async () => {
    const statePath = join(dir, 'state.json');
    const envPath = join(dir, 'sim.env');
    let certPath = '';
    const run = await runMain(
      ['--fixture', worldFixturePath, '--state', statePath, '--time-scale', '60', '--json', '--env', envPath],
      async (line) => {
        const ready = JSON.parse(line) as {
          httpsPort: number;
          caCertificatePath: string;
          env: Record<string, string>;
          urls: { atlas: string; arm: string; armHttps: string; loginHttps: string; keyVault: string; control: string };
        };
        expect(ready.urls.loginHttps).toBe(`https://127.0.0.1:${ready.httpsPort}`);
        expect(ready.urls.armHttps).toBe(`https://127.0.0.1:${ready.httpsPort}/azure/arm`);
        expect(ready.env).toMatchObject({
          AZURE_AUTHORITY_HOST: ready.urls.loginHttps,
          ATLAS_CMK_AZURE_ARM_URL: ready.urls.armHttps,
          REQUESTS_CA_BUNDLE: ready.caCertificatePath,
          NODE_EXTRA_CA_CERTS: ready.caCertificatePath,
        });
        // Credentials only in the owner-only env file, never on stdout.
        expect(ready.env).not.toHaveProperty('AZURE_CLIENT_SECRET');
        expect(line).not.toContain(ids.clientSecret);
        expect((await stat(envPath)).mode & 0o777).toBe(0o600);
        expect(await readFile(envPath, 'utf8')).toContain(`export AZURE_CLIENT_SECRET='${ids.clientSecret}'`);
        expect((await stat(ready.caCertificatePath)).isFile()).toBe(true);
        certPath = ready.caCertificatePath;
        expect(ready.urls.atlas).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(ready.urls.arm).toBe(`${ready.urls.atlas}/azure/arm`);
        expect(ready.urls.keyVault).toBe(`${ready.urls.atlas}/azure/keyvault/{vaultName}`);
        const res = await fetch(`${ready.urls.control}/clock`);
        expect(res.status).toBe(200);
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('atlas-sim stopped (SIGTERM)');
    // The certificate and its key leave with the simulator.
    await expect(stat(certPath)).rejects.toThrow(/ENOENT/);
  });

  it('stops cleanly on SIGINT with the text banner', async () => {
    const run = await runMain(
      ['--fixture', worldFixturePath],
      async (line) => {
        expect(line).toMatch(/^atlas-sim listening on 127\.0\.0\.1:\d+$/);
      },
      'SIGINT',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Azure Resource Manager: http://127.0.0.1:');
    expect(run.stdout).toContain('atlas-sim stopped (SIGINT)');
  });

  it('exits 2 with a located message for a bad fixture, and with usage for bad arguments', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'organizations:\n  - id: 1\n    name: x\n');
    const fixture = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [mainJs, '--fixture', bad]);
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout: '', stderr }));
    });
    expect(fixture.code).toBe(2);
    expect(fixture.stderr).toContain(`${bad}:2:9: "organizations.0.id" must be of type string`);
    expect(fixture.stderr).not.toMatch(/\n\s+at /);
    const usage = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [mainJs, '--port']);
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout: '', stderr }));
    });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--port needs a number >= 0');
    expect(usage.stderr).toContain('Usage: atlas-sim --fixture FILE');
  });
});
