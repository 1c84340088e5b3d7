import { afterEach, describe, expect, it } from 'vitest';
import { createAtlasClient, digestResponse, parseDigestChallenge, AtlasApiError } from '../src/index.js';
import { sendJson, startServer, withDigest, type DigestSeen, type LoopbackServer } from './support/loopback-server.js';

describe('digest math', () => {
  it('matches the RFC 2617 section 3.5 example', () => {
    const response = digestResponse({
      username: 'Mufasa',
      password: 'Circle Of Life',
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      method: 'GET',
      uri: '/dir/index.html',
      nc: '00000001',
      cnonce: '0a4f113b',
      qop: 'auth',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('parses the challenge Atlas documents, including its op= spelling and stale flag', () => {
    const parsed = parseDigestChallenge(
      'Digest realm="MMS Public API", domain="", nonce="abc/def+=", algorithm=MD5, op="auth", stale=true',
    );
    expect(parsed).toEqual({
      realm: 'MMS Public API',
      nonce: 'abc/def+=',
      qop: 'auth',
      algorithm: 'MD5',
      opaque: undefined,
      stale: true,
    });
    expect(parseDigestChallenge('Bearer realm="x"')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x"')).toBeUndefined();
  });
});

describe('HTTP Digest against a loopback server', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => server?.close());

  const project = { id: '66c9e8f1dd6c9960802420e9', name: 'payments', orgId: '66c9e8f1dd6c9960802420e1' };

  it('answers one challenge, then reuses the nonce with an increasing nc', async () => {
    const seen: DigestSeen[] = [];
    server = await startServer(
      withDigest(
        'pub',
        'priv-canary',
        () => 'nonce-1',
        (_req, res) => sendJson(res, 200, project),
        seen,
      ),
    );
    const client = createAtlasClient({
      baseUrl: server.url,
      credentials: { kind: 'apiKey', publicKey: 'pub', privateKey: 'priv-canary' },
    });
    for (let i = 0; i < 3; i += 1) expect(await client.getProject(project.id)).toEqual(project);
    expect(server.requests.map((r) => r.headers.authorization === undefined)).toEqual([true, false, false, false]);
    expect(seen).toEqual([
      { nonce: 'nonce-1', nc: '00000001', ok: true },
      { nonce: 'nonce-1', nc: '00000002', ok: true },
      { nonce: 'nonce-1', nc: '00000003', ok: true },
    ]);
  });

  it('sends a versioned Accept header on every request', async () => {
    server = await startServer(
      withDigest(
        'pub',
        'priv',
        () => 'n',
        (_req, res) => sendJson(res, 200, project),
      ),
    );
    const client = createAtlasClient({
      baseUrl: server.url,
      credentials: { kind: 'apiKey', publicKey: 'pub', privateKey: 'priv' },
    });
    await client.getProject(project.id);
    expect(server.requests.at(-1)?.headers.accept).toBe('application/vnd.atlas.2023-01-01+json');
    expect(server.requests.at(-1)?.url).toBe(`/api/atlas/v2/groups/${project.id}`);
  });

  it('a burst of concurrent first requests costs a single 401', async () => {
    server = await startServer(
      withDigest(
        'pub',
        'priv',
        () => 'n',
        (_req, res) => sendJson(res, 200, project),
      ),
    );
    const client = createAtlasClient({
      baseUrl: server.url,
      credentials: { kind: 'apiKey', publicKey: 'pub', privateKey: 'priv' },
    });
    await Promise.all(Array.from({ length: 6 }, () => client.getProject(project.id)));
    expect(server.requests).toHaveLength(7);
    expect(server.requests.filter((r) => r.headers.authorization === undefined)).toHaveLength(1);
  });

  it('retries a stale=true challenge once with the new nonce and restarts nc', async () => {
    let nonce = 'nonce-1';
    const seen: DigestSeen[] = [];
    server = await startServer(
      withDigest(
        'pub',
        'priv',
        () => nonce,
        (_req, res) => sendJson(res, 200, project),
        seen,
      ),
    );
    const client = createAtlasClient({
      baseUrl: server.url,
      credentials: { kind: 'apiKey', publicKey: 'pub', privateKey: 'priv' },
    });
    await client.getProject(project.id);
    await client.getProject(project.id);
    nonce = 'nonce-2';
    await client.getProject(project.id);
    expect(seen).toEqual([
      { nonce: 'nonce-1', nc: '00000001', ok: true },
      { nonce: 'nonce-1', nc: '00000002', ok: true },
      { nonce: 'nonce-1', nc: '00000003', ok: true },
      { nonce: 'nonce-2', nc: '00000001', ok: true },
    ]);
    expect(server.requests).toHaveLength(5);
  });

  it('reports wrong keys as a 401 after one challenge, without looping or leaking the key', async () => {
    server = await startServer(
      withDigest(
        'pub',
        'right',
        () => 'n',
        (_req, res) => sendJson(res, 200, project),
      ),
    );
    const client = createAtlasClient({
      baseUrl: server.url,
      credentials: { kind: 'apiKey', publicKey: 'pub', privateKey: 'WRONG-canary-77' },
    });
    const error = await client.getProject(project.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({ status: 401, errorCode: 'UNAUTHORIZED', operation: 'getProject', method: 'GET' });
    expect(server.requests).toHaveLength(2);
    expect(JSON.stringify(error) + String(error)).not.toContain('WRONG-canary-77');
  });
});
