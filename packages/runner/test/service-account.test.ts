import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, AtlasApiError, AuthError, createAtlasClient } from '../src/index.js';
import { apiError, sendJson, startServer, type LoopbackServer, type SeenRequest } from './support/loopback-server.js';

const project = { id: '66c9e8f1dd6c9960802420e9', name: 'payments', orgId: '66c9e8f1dd6c9960802420e1' };
const basic = `Basic ${Buffer.from('mdb_sa_id_canary:sa-secret-canary').toString('base64')}`;

/** A fake Atlas with a token endpoint: tokens `t1`, `t2`, …; `valid` decides which the API accepts. */
async function startAtlas(
  valid: (token: string) => boolean,
  expiresIn = 3600,
  tokenDelayMs = 0,
): Promise<LoopbackServer & { tokens: SeenRequest[] }> {
  let issued = 0;
  const tokens: SeenRequest[] = [];
  const server = await startServer(async (req, res) => {
    if (req.url === '/api/oauth/token') {
      tokens.push(req);
      if (req.headers.authorization !== basic)
        return sendJson(res, 401, { error: 'invalid_client', error_description: 'Invalid credentials provided.' });
      await new Promise((r) => setTimeout(r, tokenDelayMs));
      issued += 1;
      return sendJson(res, 200, { access_token: `t${issued}`, expires_in: expiresIn, token_type: 'Bearer' });
    }
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!valid(token)) return sendJson(res, 401, apiError(401, 'UNAUTHORIZED', 'Invalid token.'));
    return sendJson(res, 200, project);
  });
  return Object.assign(server, { tokens });
}

describe('service account auth', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => server?.close());

  const credentials = {
    kind: 'serviceAccount' as const,
    clientId: 'mdb_sa_id_canary',
    clientSecret: 'sa-secret-canary',
  };

  it('requests a token as documented and caches it across requests', async () => {
    const atlas = await startAtlas(() => true);
    server = atlas;
    const client = createAtlasClient({ baseUrl: atlas.url, credentials });
    for (let i = 0; i < 3; i += 1) await client.getProject(project.id);
    expect(atlas.tokens).toHaveLength(1);
    const tokenRequest = atlas.tokens[0];
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.body).toBe('grant_type=client_credentials');
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest?.headers.accept).toBe('application/json');
    expect(atlas.requests.filter((r) => r.url !== '/api/oauth/token').map((r) => r.headers.authorization)).toEqual([
      'Bearer t1',
      'Bearer t1',
      'Bearer t1',
    ]);
  });

  it('concurrent callers share one in-flight token request', async () => {
    const atlas = await startAtlas(() => true, 3600, 50);
    server = atlas;
    const client = createAtlasClient({ baseUrl: atlas.url, credentials });
    await Promise.all(Array.from({ length: 8 }, () => client.getProject(project.id)));
    expect(atlas.tokens).toHaveLength(1);
  });

  it('one caller cancelling does not fail the others sharing the token request', async () => {
    const atlas = await startAtlas(() => true, 3600, 150);
    server = atlas;
    const client = createAtlasClient({ baseUrl: atlas.url, credentials });
    const controller = new AbortController();
    const cancelled = client.getProject(project.id, { signal: controller.signal });
    const other = client.getProject(project.id);
    setTimeout(() => controller.abort(), 30);
    await expect(cancelled).rejects.toBeInstanceOf(AbortedError);
    expect(await other).toEqual(project);
    expect(atlas.tokens).toHaveLength(1);
  });

  it('fetches a new token shortly before expiry, not after every request', async () => {
    const atlas = await startAtlas(() => true, 3600);
    server = atlas;
    let clock = 1_000_000;
    const client = createAtlasClient({ baseUrl: atlas.url, credentials }, { now: () => clock });
    await client.getProject(project.id);
    clock += 3000 * 1000; // 50 minutes later: still valid
    await client.getProject(project.id);
    expect(atlas.tokens).toHaveLength(1);
    clock += 560 * 1000; // within the last minute of the hour: refreshed ahead of expiry
    await client.getProject(project.id);
    expect(atlas.tokens).toHaveLength(2);
    expect(atlas.requests.at(-1)?.headers.authorization).toBe('Bearer t2');
  });

  it('refreshes a revoked token once and succeeds', async () => {
    const atlas = await startAtlas((token) => token !== 't1');
    server = atlas;
    const client = createAtlasClient({ baseUrl: atlas.url, credentials });
    expect(await client.getProject(project.id)).toEqual(project);
    expect(atlas.tokens).toHaveLength(2);
  });

  it('reports a token that keeps failing after one refresh, without looping', async () => {
    const atlas = await startAtlas(() => false);
    server = atlas;
    const client = createAtlasClient({ baseUrl: atlas.url, credentials });
    const error = await client.getProject(project.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({ status: 401 });
    expect(atlas.tokens).toHaveLength(2);
    expect(atlas.requests.filter((r) => r.url !== '/api/oauth/token')).toHaveLength(2);
  });

  it('does not refresh the token for a 401 about the project (NOT_IN_GROUP)', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/api/oauth/token') return sendJson(res, 200, { access_token: 'tok', expires_in: 3600 });
      return sendJson(
        res,
        401,
        apiError(401, 'NOT_IN_GROUP', 'The current user is not in the group, or the group does not exist.'),
      );
    });
    const client = createAtlasClient({ baseUrl: server.url, credentials });
    await expect(client.getProject(project.id)).rejects.toMatchObject({ status: 401, errorCode: 'NOT_IN_GROUP' });
    await expect(client.getProject(project.id)).rejects.toMatchObject({ status: 401 });
    expect(server.requests.filter((r) => r.url === '/api/oauth/token')).toHaveLength(1);
    expect(server.requests).toHaveLength(3);
  });

  it('turns a refused client secret into an AuthError that names what to check and hides the secret', async () => {
    const atlas = await startAtlas(() => true);
    server = atlas;
    const client = createAtlasClient({
      baseUrl: atlas.url,
      credentials: { ...credentials, clientSecret: 'wrong-secret-canary' },
    });
    const error = await client.getProject(project.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain('invalid_client');
    expect((error as AuthError).message).toContain('MONGODB_ATLAS_CLIENT_SECRET');
    expect(JSON.stringify(error) + String(error)).not.toContain('wrong-secret-canary');
    expect(atlas.tokens).toHaveLength(1);
  });
});
