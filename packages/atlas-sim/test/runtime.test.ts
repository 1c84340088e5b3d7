import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSim } from '../src/index.js';
import { control, DigestClient, v } from './helpers/atlas-client.js';
import { enableBody, worldFixturePath, ids, owner } from './helpers/fixture.js';
import { loadFixtureFile } from '../src/index.js';

const G = `/api/atlas/v2/groups/${ids.project}`;
const V1 = v('2023-01-01');

describe('runtime behaviour', () => {
  const running: RunningSim[] = [];
  const dirs: string[] = [];
  const start = async (options: Partial<Parameters<typeof startSimulator>[0]> = {}): Promise<RunningSim> => {
    const sim = await startSimulator({ fixture: worldFixturePath, manualClock: true, ...options });
    running.push(sim);
    return sim;
  };
  afterEach(async () => {
    for (const sim of running.splice(0)) await sim.close();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('answers 200 concurrent clients on loopback without errors of its own', async () => {
    const sim = await start({ validateResponses: true });
    const clients = Array.from({ length: 200 }, () => new DigestClient(sim.urls.atlas, owner.user, owner.password));
    const results = await Promise.all(
      clients.map((c, i) =>
        c.request('GET', i % 2 ? `${G}/encryptionAtRest` : `${G}/clusters`, { accept: i % 2 ? V1 : v('2024-08-05') }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(sim.contractViolations()).toEqual([]);
    expect(sim.requestLog().filter((e) => e.status >= 500)).toEqual([]);
    const malformed = await clients[0]!.request('GET', '/api/atlas/v2/groups/%E0%A4%A/clusters', { accept: V1 });
    expect(malformed.body).toMatchObject({ error: 400, errorCode: 'INVALID_GROUP_ID' });
  });

  it('persists the world across two starts with the same state file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atlas-sim-'));
    dirs.push(dir);
    const statePath = join(dir, 'state.json');
    const first = await start({ statePath });
    const atlas = new DigestClient(first.urls.atlas, owner.user, owner.password);
    expect((await atlas.request('PATCH', `${G}/encryptionAtRest`, { accept: V1, body: enableBody() })).status).toBe(
      200,
    );
    const created = await atlas.request('POST', `${G}/encryptionAtRest/AZURE/privateEndpoints`, {
      accept: V1,
      body: { regionName: 'US_CENTRAL' },
    });
    await first.close();
    running.splice(running.indexOf(first), 1);
    const text = await readFile(statePath, 'utf8');
    expect(JSON.parse(text).formatVersion).toBe(1);
    // Only hashes of credentials are persisted.
    for (const secret of [owner.password, ids.clientSecret, 'mdb_sa_sk_sim_0123456789abcdef0123456789abcdef'])
      expect(text).not.toContain(secret);
    const second = await start({ statePath });
    const again = new DigestClient(second.urls.atlas, owner.user, owner.password);
    const ear = await again.request('GET', `${G}/encryptionAtRest`, { accept: V1 });
    expect(ear.body.azureKeyVault).toMatchObject({ enabled: true, valid: true });
    await second.advance(30);
    const ep = await again.request('GET', `${G}/encryptionAtRest/AZURE/privateEndpoints/${created.body.id}`, {
      accept: V1,
    });
    expect(ep.body.status).toBe('PENDING_ACCEPTANCE');
  });

  it('injects the same faults for the same seed and request sequence', async () => {
    const plan = {
      seed: 42,
      rules: [
        { kind: '5xx' as const, rate: 0.3 },
        { kind: '429' as const, rate: 0.2, retryAfter: 3 },
      ],
    };
    const run = async (): Promise<number[]> => {
      const sim = await start({ faults: plan });
      const atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await atlas.request('GET', G, { accept: V1 })).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(429);
  });

  it('serves 429 with Retry-After and ApiError bodies, and drops connections, from a control-API fault plan', async () => {
    const sim = await start();
    const put = await control(sim.urls.atlas, 'PUT', '/faults', {
      seed: 1,
      rules: [{ match: { operationId: 'getGroup' }, kind: '429', rate: 1, times: 1, retryAfter: 7 }],
    });
    expect(put.status).toBe(200);
    const atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
    const limited = await atlas.request('GET', G, { accept: V1 });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toMatchObject({ error: 429, errorCode: 'RATE_LIMITED' });
    expect((await atlas.request('GET', G, { accept: V1 })).status).toBe(200);
    await control(sim.urls.atlas, 'PUT', '/faults', {
      rules: [{ match: { pathPrefix: '/api/atlas' }, kind: 'drop', rate: 1, times: 1 }],
    });
    await expect(fetch(`${sim.urls.atlas}${G}`)).rejects.toThrow();
    expect(sim.requestLog().at(-1)).toMatchObject({ status: 0, faults: ['drop'] });
    expect((await control(sim.urls.atlas, 'PUT', '/faults', { rules: [{ kind: 'boom', rate: 1 }] })).status).toBe(400);
  });

  it('resets and loads fixtures through the control API with located errors', async () => {
    const sim = await start();
    const bad = await control(sim.urls.atlas, 'POST', '/fixture', { organizations: [{ id: 'x', name: 'n' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]).toMatchObject({
      source: 'request body',
      line: 1,
      message: expect.stringContaining('organizations.0.id'),
    });
    const ok = await fetch(`${sim.urls.control}/fixture`, {
      method: 'POST',
      body: 'organizations:\n  - id: 66c9e8f1dd6c9960802420a1\n    name: Solo\n',
    });
    expect(ok.status).toBe(200);
    const state = (await control(sim.urls.atlas, 'GET', '/state')).body;
    expect(state.orgs).toEqual([{ id: '66c9e8f1dd6c9960802420a1', name: 'Solo', active: true }]);
    expect((await control(sim.urls.atlas, 'POST', '/reset')).status).toBe(200);
  });

  it('redacts secrets from the state dump', async () => {
    const sim = await start();
    const text = JSON.stringify((await control(sim.urls.atlas, 'GET', '/state')).body);
    expect(text).not.toContain(owner.password);
    expect(text).not.toContain(ids.clientSecret);
    expect(text).toContain('[REDACTED]');
  });

  it('limits each project per endpoint set with a token bucket refilled on simulated time', async () => {
    const example = await loadFixtureFile(worldFixturePath);
    const sim = await start({
      fixture: { ...example, rateLimits: { encryptionAtRest: { capacity: 3, refill: 3, periodSeconds: 60 } } },
    });
    const atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await atlas.request('GET', `${G}/encryptionAtRest`, { accept: V1 })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await atlas.request('GET', `${G}/encryptionAtRest`, { accept: V1 });
    expect(limited.body).toMatchObject({
      errorCode: 'RATE_LIMITED_TOKEN_BUCKET',
      parameters: ['api/atlas/v2/groups/{groupId}/encryptionAtRest', 20, 3, 3, 60],
    });
    expect(limited.headers.get('retry-after')).toBe('20');
    expect((await atlas.request('GET', `${G}/clusters`, { accept: v('2024-08-05') })).status).toBe(200);
    await sim.advance(20);
    const after = await atlas.request('GET', `${G}/encryptionAtRest`, { accept: V1 });
    expect(after.status).toBe(200);
    expect(after.headers.get('ratelimit-limit')).toBe('3');
  });

  it('honours envelope and pretty, and marks sunset versions', async () => {
    const sim = await start();
    const atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
    const single = await atlas.request('GET', `${G}?envelope=true`, { accept: V1 });
    expect(single.body).toMatchObject({ status: 200, content: { id: ids.project } });
    const list = await atlas.request('GET', `${G}/clusters?envelope=true`, { accept: v('2024-08-05') });
    expect(list.body).toMatchObject({ status: 200, totalCount: 2 });
    const pretty = await fetch(`${sim.urls.control}/clock`);
    expect(await pretty.text()).toContain('\n  "now"');
    const legacy = await atlas.request('GET', `${G}/clusters/orders`, { accept: v('2023-02-01') });
    expect(legacy.headers.get('sunset')).toBe('Thu, 01 Jul 2027 00:00:00 GMT');
    expect(legacy.body).not.toHaveProperty('replicationSpecs');
  });

  it('refuses every write in a project of an inactive organization', async () => {
    const sim = await start();
    const atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
    const P = `/api/atlas/v2/groups/${ids.inactive}`;
    expect((await atlas.request('GET', `${P}/clusters/archive`, { accept: v('2024-08-05') })).status).toBe(200);
    const writes = [
      await atlas.request('PATCH', `${P}/encryptionAtRest`, { accept: V1, body: enableBody() }),
      await atlas.request('PATCH', `${P}/clusters/archive`, { accept: v('2024-10-23'), body: { backupEnabled: true } }),
      await atlas.request('POST', `${P}/encryptionAtRest/AZURE/privateEndpoints`, {
        accept: V1,
        body: { regionName: 'EUROPE_WEST' },
      }),
    ];
    expect(writes.map((w) => [w.status, w.body.errorCode])).toEqual([
      [400, 'INACTIVE_ORG'],
      [400, 'INACTIVE_ORG'],
      [400, 'INACTIVE_ORG'],
    ]);
    await control(sim.urls.atlas, 'PATCH', `/orgs/66c9e8f1dd6c9960802420b2`, { active: true });
    expect(
      (
        await atlas.request('PATCH', `${P}/clusters/archive`, {
          accept: v('2024-10-23'),
          body: { backupEnabled: true },
        })
      ).status,
    ).toBe(200);
  });

  it('runs state machines on a scaled real-time clock without explicit advances', async () => {
    const sim = await start({ manualClock: false, timeScale: 600 });
    const atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
    await atlas.request('PATCH', `${G}/encryptionAtRest`, { accept: V1, body: enableBody() });
    const created = await atlas.request('POST', `${G}/encryptionAtRest/AZURE/privateEndpoints`, {
      accept: V1,
      body: { regionName: 'US_CENTRAL' },
    });
    expect(created.body.status).toBe('INITIATING');
    // 30 simulated seconds at x600 are 50 ms of real time.
    await new Promise((r) => setTimeout(r, 150));
    const ep = await atlas.request('GET', `${G}/encryptionAtRest/AZURE/privateEndpoints/${created.body.id}`, {
      accept: V1,
    });
    expect(ep.body.status).toBe('PENDING_ACCEPTANCE');
  });

  it('adds latency and answers Azure-shaped 5xx on Azure paths', async () => {
    const sim = await start({
      faults: {
        seed: 3,
        rules: [
          { match: { operationId: 'getGroup' }, kind: 'latency', rate: 1, ms: 250, times: 1 },
          { match: { pathPrefix: '/azure/arm' }, kind: '5xx', rate: 1, status: 503, times: 1 },
        ],
      },
    });
    const atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
    const t0 = Date.now();
    expect((await atlas.request('GET', G, { accept: V1 })).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(245);
    expect((await atlas.request('GET', G, { accept: V1 })).status).toBe(200);
    const arm = await fetch(
      `${sim.urls.arm}/subscriptions/${ids.subscription}/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments/privateEndpointConnections?api-version=2023-07-01`,
    );
    expect(arm.status).toBe(503);
    expect(await arm.json()).toEqual({
      error: { code: 'InternalServerError', message: 'The server encountered an internal error.' },
    });
    expect(sim.requestLog().filter((e) => e.faults?.includes('latency'))).toHaveLength(1);
  });

  it('enables CMK with a roleId instead of client credentials', async () => {
    const sim = await start();
    const atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
    const body = enableBody({ roleId: '66c9e8f1dd6c9960802420aa' });
    for (const key of ['clientID', 'tenantID', 'secret']) delete body.azureKeyVault[key];
    const res = await atlas.request('PATCH', `${G}/encryptionAtRest`, { accept: V1, body });
    expect(res.status).toBe(200);
    expect(res.body.azureKeyVault).toMatchObject({ enabled: true, valid: true, roleId: '66c9e8f1dd6c9960802420aa' });
  });
});
