import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, REPO_ROOT } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const world = parse(readFileSync(join(REPO_ROOT, 'examples/sim-fixture.yaml'), 'utf8')) as {
  apiKeys: { privateKey: string }[];
  azure: { apps: { clientSecret: string; tenantId: string }[] };
};

/** Start `atlas-cmk sim ARGS`, hand its first output to `use`, stop it with SIGTERM; its whole stdout and exit code. */
async function withSim(
  args: string[],
  use: (first: string) => Promise<void>,
): Promise<{ out: string; code: number | null }> {
  const child = spawn(process.execPath, [BIN, 'sim', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      const first = out === '';
      out += d;
      if (first) use(out).then(resolve, reject);
    });
    child.once('exit', (code) => reject(new Error(`atlas-cmk sim exited with ${code}`)));
  }).finally(() => child.kill('SIGTERM'));
  return { out, code: await exited };
}

describe('atlas-cmk sim', () => {
  it('--json prints the HTTPS URLs, the certificate and the export lines without credentials', async () => {
    let cert = '';
    const run = await withSim(['--json', '--https-port', '0'], async (line) => {
      const ready = JSON.parse(line) as {
        httpsPort: number;
        caCertificatePath: string;
        urls: Record<string, string>;
        env: Record<string, string>;
      };
      cert = ready.caCertificatePath;
      expect(ready.urls['loginHttps']).toBe(`https://127.0.0.1:${ready.httpsPort}`);
      expect(ready.env['ATLAS_CMK_AZURE_ARM_URL']).toBe(`https://127.0.0.1:${ready.httpsPort}/azure/arm`);
      expect(ready.env['REQUESTS_CA_BUNDLE']).toBe(cert);
      expect(ready.env).not.toHaveProperty('AZURE_CLIENT_SECRET');
      expect(ready.env).not.toHaveProperty('MONGODB_ATLAS_PRIVATE_API_KEY');
      // The tenant is the first path segment of the HTTPS authority, and the printed certificate is what it serves.
      const tenant = world.azure.apps[0]!.tenantId;
      const status = await new Promise<number>((resolve, reject) =>
        get(
          `${ready.urls['loginHttps']}/${tenant}/v2.0/.well-known/openid-configuration`,
          { ca: readFileSync(cert) },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        ).on('error', reject),
      );
      expect(status).toBe(200);
    });
    expect(run.code).toBe(0);
    expect(existsSync(cert)).toBe(false);
  }, 60_000);

  it('prints the export lines with credentials left out of the banner', async () => {
    const run = await withSim(['--https-port', '0'], async () => undefined);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^export AZURE_AUTHORITY_HOST='https:\/\/127\.0\.0\.1:\d+'$/m);
    expect(run.out).toMatch(/^# export AZURE_CLIENT_SECRET=…/m);
    expect(run.out).not.toContain(world.azure.apps[0]!.clientSecret);
    expect(run.out).not.toContain(world.apiKeys[0]!.privateKey);
  }, 60_000);
});
