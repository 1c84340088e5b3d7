import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSim } from '../src/index.js';
import { control, DigestClient, parseChallenge, send, v } from './helpers/atlas-client.js';
import { worldFixturePath, ids, owner, readOnly, serviceAccount } from './helpers/fixture.js';

const G = `/api/atlas/v2/groups/${ids.project}`;
const V1 = v('2023-01-01');

describe('Atlas authentication and authorization', () => {
  let sim: RunningSim;
  let base: string;

  beforeAll(async () => {
    sim = await startSimulator({ fixture: worldFixturePath, manualClock: true, validateResponses: true });
    base = sim.urls.atlas;
  });
  afterAll(async () => {
    await sim?.close();
  });

  const token = async (id = serviceAccount.id, secret = serviceAccount.secret) =>
    send(`${base}/api/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });

  it('challenges with Digest realm, qop=auth, MD5 and an ApiError body', async () => {
    const res = await send(`${base}${G}`, { headers: { Accept: V1 } });
    expect(res.status).toBe(401);
    const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
    expect(challenge).toMatchObject({ realm: 'MMS Public API', qop: 'auth', algorithm: 'MD5', stale: 'false' });
    expect(res.body).toMatchObject({ error: 401, errorCode: 'UNAUTHORIZED', reason: 'Unauthorized' });
  });

  it('rejects a wrong private key and accepts the right one', async () => {
    expect((await new DigestClient(base, owner.user, 'wrong').request('GET', G, { accept: V1 })).status).toBe(401);
    expect((await new DigestClient(base, owner.user, owner.password).request('GET', G, { accept: V1 })).status).toBe(
      200,
    );
  });

  it('answers stale=true for an expired nonce, and a client that retries gets through', async () => {
    const client = new DigestClient(base, owner.user, owner.password);
    expect((await client.request('GET', G, { accept: V1 })).status).toBe(200);
    await sim.advance(301);
    // A raw replay of the old nonce: same credentials, aged nonce.
    const replay = await fetch(`${base}${G}`, {
      headers: { Accept: V1, Authorization: client.lastAuthorization ?? '' },
    });
    expect(replay.status).toBe(401);
    expect(parseChallenge(replay.headers.get('www-authenticate') ?? '')['stale']).toBe('true');
    expect((await client.request('GET', G, { accept: V1 })).status).toBe(200);
  });

  it('refuses a project outside the key, a role too weak, and an IP not on the access list', async () => {
    const ro = new DigestClient(base, readOnly.user, readOnly.password);
    expect((await ro.request('GET', `${G}/encryptionAtRest`, { accept: V1 })).status).toBe(200);
    const denied = await ro.request('PATCH', `${G}/encryptionAtRest`, {
      accept: V1,
      body: { enabledForSearchNodes: true },
    });
    expect(denied.body).toMatchObject({ error: 403, errorCode: 'USER_UNAUTHORIZED' });
    const outside = await ro.request('GET', `/api/atlas/v2/groups/${ids.sandbox}`, { accept: V1 });
    expect(outside.body).toMatchObject({ error: 401, errorCode: 'NOT_IN_GROUP' });
  });

  it('issues service-account tokens that work, expire and can be revoked', async () => {
    const issued = await token();
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const bearer = { Authorization: `Bearer ${issued.body.access_token}`, Accept: V1 };
    expect((await send(`${base}${G}`, { headers: bearer })).status).toBe(200);
    expect((await send(`${base}/api/atlas/v2/groups/${ids.inactive}`, { headers: bearer })).body.errorCode).toBe(
      'NOT_IN_GROUP',
    );
    await sim.advance(3600);
    const expired = await send(`${base}${G}`, { headers: bearer });
    expect(expired.body).toMatchObject({ error: 401, errorCode: 'UNAUTHORIZED' });
    const second = await token();
    const revoke = await send(`${base}/api/oauth/revoke`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${serviceAccount.id}:${serviceAccount.secret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: `token=${second.body.access_token}&token_type_hint=access_token`,
    });
    expect(revoke.status).toBe(200);
    expect(
      (await send(`${base}${G}`, { headers: { Authorization: `Bearer ${second.body.access_token}`, Accept: V1 } }))
        .status,
    ).toBe(401);
    expect((await token(serviceAccount.id, 'wrong')).body).toEqual({
      error: 'invalid_client',
      error_description: 'Invalid credentials provided.',
    });
  });

  it('rate-limits the token endpoint at about 10 a minute with Retry-After', async () => {
    await sim.advance(120);
    const results: number[] = [];
    for (let i = 0; i < 11; i++) results.push((await token()).status);
    expect(results.slice(0, 10).every((s) => s === 200)).toBe(true);
    const limited = await token();
    expect(limited.status).toBe(429);
    expect(limited.body.errorCode).toBe('RATE_LIMITED_TOKEN_BUCKET');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('logs requests without authorization headers or secrets, and produced no contract violation', async () => {
    const log = JSON.stringify((await control(base, 'GET', '/requests')).body);
    expect(log).not.toContain(owner.password);
    expect(log).not.toContain(serviceAccount.secret);
    expect(log).not.toMatch(/Digest username|Bearer /);
    expect(sim.contractViolations()).toEqual([]);
  });

  it('ages nonces and tokens on real time: a fast clock and injected latency never expire them', async () => {
    // 1000 simulated seconds per real second: the 300 s nonce and 3600 s token lifetimes are 0.3 s and 3.6 s of
    // simulated time scaling; every request below is slowed by 1.5 s.
    const fast = await startSimulator({ fixture: worldFixturePath, timeScale: 1000 });
    try {
      fast.setFaults({ rules: [{ kind: 'latency', rate: 1, ms: 1500, match: { pathPrefix: '/api' } }] });
      const client = new DigestClient(fast.urls.atlas, owner.user, owner.password);
      expect((await client.request('GET', G, { accept: V1 })).status).toBe(200);
      expect((await client.request('GET', G, { accept: V1 })).status).toBe(200);
      const issued = await send(`${fast.urls.atlas}/api/oauth/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${serviceAccount.id}:${serviceAccount.secret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      const bearer = { Authorization: `Bearer ${issued.body.access_token}`, Accept: V1 };
      expect((await send(`${fast.urls.atlas}${G}`, { headers: bearer })).status).toBe(200);
      // One challenge to start with, then no stale nonce and no expired token anywhere.
      const statuses = fast.requestLog().map((e) => e.status);
      expect(statuses).toEqual([401, 200, 200, 200, 200]);
    } finally {
      await fast.close();
    }
  }, 60_000);
});

describe('the Atlas project as a commercial Atlas client sees it', () => {
  it('omits Atlas for Government fields, keeps created dates across restarts, reads the Accept header case-insensitively', async () => {
    const createdOf = async (): Promise<unknown> => {
      const sim = await startSimulator({ fixture: worldFixturePath });
      try {
        const res = await new DigestClient(sim.urls.atlas, owner.user, owner.password).request('GET', G, {
          accept: 'Application/VND.Atlas.2023-01-01+JSON',
        });
        expect(res.status).toBe(200);
        expect(res.body).not.toHaveProperty('regionUsageRestrictions');
        return res.body.created;
      } finally {
        await sim.close();
      }
    };
    const first = await createdOf();
    // The ObjectId's own timestamp: 0x66c9e8f1 seconds.
    expect(first).toBe(new Date(0x66c9e8f1 * 1000).toISOString());
    expect(await createdOf()).toBe(first);
  });
});
