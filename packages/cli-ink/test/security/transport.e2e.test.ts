import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startSimulator, type RunningSim } from '@atlas-cmk/atlas-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from '../run-cli.js';
import { CANARY, canaryFixture, desired, PROJECT, startWorld, type World } from '../world.js';

/**
 * Transport rules through the built CLI: plain http:// only to loopback (checked before any request), saved
 * plans readable by their owner only, and an Atlas token that stops working is refreshed once, then reported.
 */

let world: World;
/** A plain-HTTP server that counts what reaches it; the CLI is pointed at it under a non-loopback name. */
let bystander: Server;
let bystanderPort: number;
let bystanderHits = 0;

beforeAll(async () => {
  world = await startWorld();
  bystander = createServer((_req, res) => {
    bystanderHits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => bystander.listen(0, '0.0.0.0', resolve));
  bystanderPort = (bystander.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => bystander.close(resolve));
  await world.close();
});

describe('plain http:// to a host that is not loopback is refused before anything is sent', () => {
  // 0.0.0.0 reaches this machine but is not one of the loopback names: a request would arrive at the bystander.
  const notLoopback = () => `http://0.0.0.0:${bystanderPort}`;

  it('the bystander is reachable at that address, so a request sent there would be counted', async () => {
    const before = bystanderHits;
    expect((await fetch(notLoopback())).status).toBe(200);
    expect(bystanderHits).toBe(before + 1);
  });

  it.each([
    ['plan', ['plan', 'desired.yaml']],
    ['status', ['status', '--project', PROJECT]],
    ['export', ['export', '--project', PROJECT]],
  ])('MONGODB_ATLAS_BASE_URL for %s', async (_command, args) => {
    world.write('desired.yaml', desired({}));
    const before = bystanderHits;
    for (const url of [notLoopback(), 'http://example.com']) {
      const r = await world.cli(args, { env: { MONGODB_ATLAS_BASE_URL: url } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/MONGODB_ATLAS_BASE_URL uses plain http:\/\/ to (0\.0\.0\.0|example\.com)/);
      expect(r.stderr).toMatch(/Use https:\/\//);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
    expect(bystanderHits).toBe(before);
  });

  it('the Azure endpoints (Entra ID and ARM) for an apply that approves in Azure', async () => {
    const file = world.write('desired.yaml', desired({ regions: ['US_CENTRAL'] }));
    for (const variable of ['AZURE_AUTHORITY_HOST', 'ATLAS_CMK_AZURE_ARM_URL']) {
      const before = bystanderHits;
      const r = await world.cli(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms'], {
        env: { [variable]: notLoopback() },
      });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(variable);
      expect(r.stderr).toMatch(/http:\/\//);
      expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
      expect(bystanderHits).toBe(before);
    }
  });

  it('GITHUB_API_URL for comment', async () => {
    world.write('desired.yaml', desired({}));
    expect((await world.cli(['plan', 'desired.yaml', '--out', 'plan.json'])).code).toBe(0);
    const before = bystanderHits;
    const r = await world.cli(['comment', '--plan', 'plan.json', '--pull-request', '7'], {
      env: { GITHUB_API_URL: notLoopback(), GITHUB_TOKEN: 'ghs_canaryTransportToken', GITHUB_REPOSITORY: 'acme/atlas' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GITHUB_API_URL/);
    expect(r.stderr).not.toContain('ghs_canaryTransportToken');
    expect(bystanderHits).toBe(before);
  });
});

describe('a saved plan is readable by its owner only', () => {
  it('plan --out writes mode 0600, also over an existing file that others could read', async () => {
    world.write('desired.yaml', desired({}));
    expect((await world.cli(['plan', 'desired.yaml', '--out', 'fresh.json'])).code).toBe(0);
    expect(statSync(join(world.dir, 'fresh.json')).mode & 0o777).toBe(0o600);

    const existing = join(world.dir, 'existing.json');
    writeFileSync(existing, '{}');
    chmodSync(existing, 0o644);
    expect((await world.cli(['plan', 'desired.yaml', '--out', 'existing.json'])).code).toBe(0);
    expect(readFileSync(existing, 'utf8')).toContain('"formatVersion"');
    expect(statSync(existing).mode & 0o777).toBe(0o600);
  });
});

describe('an Atlas token that stops working is refreshed once, then reported', () => {
  async function serviceAccountSim(
    ttlSeconds: number,
    timeScale: number,
  ): Promise<{ sim: RunningSim; env: Record<string, string> }> {
    const fixture = canaryFixture() as ReturnType<typeof canaryFixture> & { timing?: Record<string, number> };
    fixture.timing = { ...fixture.timing, atlasTokenTtlSeconds: ttlSeconds };
    const sim = await startSimulator({ fixture: fixture as never, timeScale, validateResponses: true });
    const sa = fixture.serviceAccounts![0]!;
    return {
      sim,
      env: {
        ...world.env,
        MONGODB_ATLAS_BASE_URL: sim.urls.atlas,
        MONGODB_ATLAS_PUBLIC_API_KEY: '',
        MONGODB_ATLAS_PRIVATE_API_KEY: '',
        MONGODB_ATLAS_CLIENT_ID: sa.clientId,
        MONGODB_ATLAS_CLIENT_SECRET: CANARY.serviceAccountSecret,
        AZURE_AUTHORITY_HOST: sim.urls.login,
        ATLAS_CMK_AZURE_ARM_URL: sim.urls.arm,
        ATLAS_CMK_AZURE_KEYVAULT_URL: sim.urls.keyVault,
        ATLAS_CMK_GRAPH_URL: `${sim.urls.atlas}/azure/graph`,
      },
    };
  }

  it('a token that expires during an apply: each 401 costs one new token, and the apply completes', async () => {
    // Tokens age on real time, so the test moves the clock: once the CLI holds a token, an hour passes at once and
    // the token it believes valid for another minute is refused.
    const { sim, env } = await serviceAccountSim(60, 600);
    try {
      const file = world.write(
        'expiring.yaml',
        desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], clusters: [{ name: 'orders', encryptionAtRest: true }] }),
      );
      const running = world.cli(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms'], {
        env,
      });
      while (!sim.requestLog().some((e) => e.path.startsWith('/api/atlas') && e.status === 200))
        await new Promise((r) => setTimeout(r, 20));
      await sim.advance(3600);
      const r = await running;
      expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('Apply complete');
      const log = sim.requestLog();
      const tokens = log.filter((e) => e.path === '/api/oauth/token').length;
      const expired = log.filter((e) => e.path.startsWith('/api/atlas') && e.status === 401).length;
      expect(expired).toBeGreaterThan(0);
      // One token to start, then at most one per rejected request (concurrent requests share a refresh).
      expect(tokens).toBeGreaterThan(1);
      expect(tokens).toBeLessThanOrEqual(expired + 1);
    } finally {
      await sim.close();
    }
  }, 120_000);

  it('a token that never works: one refresh, then a clear error, no loop', async () => {
    // A lifetime of 0: every token is expired by the time it is used.
    const { sim, env } = await serviceAccountSim(0, 1);
    try {
      world.write('never.yaml', desired({}));
      const started = Date.now();
      const r = await world.cli(['plan', 'never.yaml'], { env });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(r.code).toBe(1);
      expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
      expect(r.stderr).toMatch(/401|UNAUTHORIZED|token/i);
      expect(r.stderr).not.toContain(CANARY.serviceAccountSecret);
      const log = sim.requestLog();
      const tokens = log.filter((e) => e.path === '/api/oauth/token').length;
      const rejected = log.filter((e) => e.path.startsWith('/api/atlas') && e.status === 401).length;
      // Every API request is tried with a token and retried once with a fresh one: twice as many rejections as
      // first attempts at most, and never more than one token request per rejection.
      expect(rejected).toBeGreaterThan(0);
      expect(tokens).toBeLessThanOrEqual(rejected + 1);
      expect(rejected).toBeLessThanOrEqual(8);
    } finally {
      await sim.close();
    }
  });
});
