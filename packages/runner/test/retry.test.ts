import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortedError,
  AtlasApiError,
  MaybeAppliedError,
  TransportError,
  createAtlasClient,
  type HttpEvent,
} from '../src/index.js';
import { apiError, sendJson, startServer, type Handler, type LoopbackServer } from './support/loopback-server.js';

const project = { id: '66c9e8f1dd6c9960802420e9', name: 'payments', orgId: '66c9e8f1dd6c9960802420e1' };
const endpoint = {
  id: '66c9e8f1dd6c9960802420f0',
  cloudProvider: 'AZURE',
  regionName: 'US_CENTRAL',
  status: 'INITIATING',
};

/** A service-account Atlas whose API requests are answered by `api` (token requests always succeed). */
async function startAtlas(api: Handler): Promise<LoopbackServer> {
  return startServer((req, res, raw) => {
    if (req.url === '/api/oauth/token') return sendJson(res, 200, { access_token: 'tok', expires_in: 3600 });
    return api(req, res, raw);
  });
}

const apiRequests = (server: LoopbackServer) => server.requests.filter((r) => r.url !== '/api/oauth/token');

/** Fails the first `failures` API requests with `fail`, then answers `ok`. */
function flaky(failures: number, fail: Handler, ok: Handler): Handler {
  let count = 0;
  return (req, res, raw) => {
    count += 1;
    return count <= failures ? fail(req, res, raw) : ok(req, res, raw);
  };
}

describe('retry policy', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => server?.close());

  const credentials = { kind: 'serviceAccount' as const, clientId: 'id', clientSecret: 'secret' };
  const deps = (sleeps: number[], extra: object = {}) => ({
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    server = await startAtlas(
      flaky(
        1,
        (_q, res) => sendJson(res, 429, apiError(429, 'RATE_LIMITED', 'slow down'), { 'retry-after': '3' }),
        (_q, res) => sendJson(res, 200, project),
      ),
    );
    const sleeps: number[] = [];
    const client = createAtlasClient({ baseUrl: server.url, credentials }, deps(sleeps));
    expect(await client.getProject(project.id)).toEqual(project);
    expect(sleeps).toEqual([3000]);
    expect(apiRequests(server)).toHaveLength(2);
  });

  it('retries 5xx with exponential backoff and full jitter', async () => {
    server = await startAtlas(
      flaky(
        3,
        (_q, res) => sendJson(res, 503, apiError(503, 'SERVICE_UNAVAILABLE', 'busy')),
        (_q, res) => sendJson(res, 200, project),
      ),
    );
    const sleeps: number[] = [];
    const client = createAtlasClient(
      { baseUrl: server.url, credentials },
      { ...deps(sleeps), retry: { baseDelayMs: 100 } },
    );
    await client.getProject(project.id);
    // random() = 0.5 of ceilings 100, 200, 400
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('retries a GET whose connection was reset', async () => {
    server = await startAtlas(
      flaky(
        2,
        (_q, _res, raw) => raw.socket.destroy(),
        (_q, res) => sendJson(res, 200, project),
      ),
    );
    const sleeps: number[] = [];
    const client = createAtlasClient({ baseUrl: server.url, credentials }, deps(sleeps));
    expect(await client.getProject(project.id)).toEqual(project);
    expect(apiRequests(server)).toHaveLength(3);
  });

  it('never repeats a POST whose connection was reset: maybeApplied', async () => {
    server = await startAtlas((_q, _res, raw) => raw.socket.destroy());
    const client = createAtlasClient({ baseUrl: server.url, credentials }, deps([]));
    const error = await client
      .createEarPrivateEndpoint(project.id, 'AZURE', { regionName: 'US_CENTRAL' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaybeAppliedError);
    expect(error).toMatchObject({ kind: 'maybeApplied', operation: 'createEarPrivateEndpoint', method: 'POST' });
    expect((error as Error).cause).toBeInstanceOf(TransportError);
    expect(apiRequests(server)).toHaveLength(1);
  });

  it('never repeats a POST answered with 500: maybeApplied', async () => {
    server = await startAtlas((_q, res) => sendJson(res, 500, apiError(500, 'UNEXPECTED_ERROR', 'Unexpected error.')));
    const client = createAtlasClient({ baseUrl: server.url, credentials }, deps([]));
    const error = await client
      .createEarPrivateEndpoint(project.id, 'AZURE', { regionName: 'US_CENTRAL' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaybeAppliedError);
    expect(((error as Error).cause as AtlasApiError).errorCode).toBe('UNEXPECTED_ERROR');
    expect(apiRequests(server)).toHaveLength(1);
  });

  it('repeats a POST refused with 429 (it did not run) and sends the documented body', async () => {
    server = await startAtlas(
      flaky(
        1,
        (_q, res) => sendJson(res, 429, apiError(429, 'RATE_LIMITED', 'x'), { 'retry-after': '1' }),
        (_q, res) => sendJson(res, 202, endpoint),
      ),
    );
    const client = createAtlasClient({ baseUrl: server.url, credentials }, deps([]));
    expect(await client.createEarPrivateEndpoint(project.id, 'AZURE', { regionName: 'US_CENTRAL' })).toEqual(endpoint);
    const posts = apiRequests(server);
    expect(posts).toHaveLength(2);
    expect(posts[1]?.url).toBe(`/api/atlas/v2/groups/${project.id}/encryptionAtRest/AZURE/privateEndpoints`);
    expect(JSON.parse(posts[1]?.body ?? '')).toEqual({ regionName: 'US_CENTRAL' });
    expect(posts[1]?.headers['content-type']).toBe('application/vnd.atlas.2023-01-01+json');
  });

  it('does not retry a 400 and reports the Atlas error fields', async () => {
    server = await startAtlas((_q, res) =>
      sendJson(
        res,
        400,
        apiError(
          400,
          'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING',
          'Please try again later.',
          [['x']],
        ),
      ),
    );
    const client = createAtlasClient({ baseUrl: server.url, credentials }, deps([]));
    const error = await client.deleteEarPrivateEndpoint(project.id, 'AZURE', endpoint.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({
      status: 400,
      errorCode: 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING',
      detail: 'Please try again later.',
      parameters: [['x']],
      method: 'DELETE',
      url: `${server.url}/api/atlas/v2/groups/${project.id}/encryptionAtRest/AZURE/privateEndpoints/${endpoint.id}`,
    });
    expect(apiRequests(server)).toHaveLength(1);
  });

  it('gives up after maxAttempts with the last error', async () => {
    server = await startAtlas((_q, res) => sendJson(res, 502, apiError(502, 'BAD_GATEWAY', 'down')));
    const client = createAtlasClient({ baseUrl: server.url, credentials }, { ...deps([]), retry: { maxAttempts: 3 } });
    await expect(client.getProject(project.id)).rejects.toMatchObject({ status: 502, errorCode: 'BAD_GATEWAY' });
    expect(apiRequests(server)).toHaveLength(3);
  });

  it('stops when the next wait would pass the overall deadline', async () => {
    server = await startAtlas((_q, res) =>
      sendJson(res, 429, apiError(429, 'RATE_LIMITED', 'x'), { 'retry-after': '55' }),
    );
    let clock = 0;
    const sleeps: number[] = [];
    const client = createAtlasClient(
      { baseUrl: server.url, credentials },
      {
        sleep: async (ms: number) => {
          sleeps.push(ms);
          clock += ms;
        },
        now: () => clock,
        retry: { deadlineMs: 120_000, maxAttempts: 10 },
      },
    );
    await expect(client.getProject(project.id)).rejects.toMatchObject({ status: 429 });
    expect(sleeps).toEqual([55_000, 55_000]);
    expect(apiRequests(server)).toHaveLength(3);
  });

  it('times out an attempt that never answers and reports a transport error', async () => {
    server = await startAtlas(() => undefined);
    const client = createAtlasClient(
      { baseUrl: server.url, credentials },
      { ...deps([]), requestTimeoutMs: 150, retry: { maxAttempts: 2 } },
    );
    const error = await client.getProject(project.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', operation: 'getProject' });
    expect(apiRequests(server)).toHaveLength(2);
  });

  it('an abort during a backoff wait ends the call at once', async () => {
    server = await startAtlas((_q, res) => sendJson(res, 503, apiError(503, 'X', 'x'), { 'retry-after': '30' }));
    const controller = new AbortController();
    const client = createAtlasClient({ baseUrl: server.url, credentials });
    const started = Date.now();
    const pending = client.getProject(project.id, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('an abort cancels a request in flight', async () => {
    server = await startAtlas(() => undefined);
    const controller = new AbortController();
    const client = createAtlasClient({ baseUrl: server.url, credentials });
    const pending = client.getProject(project.id, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });

  it('reports a refused connection as a transport error with its code', async () => {
    const closed = await startServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const client = createAtlasClient({ baseUrl: url, credentials }, { ...deps([]), retry: { maxAttempts: 2 } });
    const error = await client.getProject(project.id).catch((e: unknown) => e);
    // The token request is the first to fail.
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', operation: 'getServiceAccountToken' });
  });

  it('emits request, retry and response events', async () => {
    server = await startAtlas(
      flaky(
        1,
        (_q, res) => sendJson(res, 500, apiError(500, 'X', 'x')),
        (_q, res) => sendJson(res, 200, project),
      ),
    );
    const events: HttpEvent[] = [];
    const client = createAtlasClient(
      { baseUrl: server.url, credentials },
      { ...deps([]), onEvent: (e) => events.push(e) },
    );
    await client.getProject(project.id);
    const api = events.filter((e) => e.operation === 'getProject').map((e) => [e.kind, e.attempt, e.status]);
    expect(api).toEqual([
      ['request', 1, undefined],
      ['response', 1, 500],
      ['retry', 1, 500],
      ['request', 2, undefined],
      ['response', 2, 200],
    ]);
  });

  it('a throwing event observer breaks nothing', async () => {
    server = await startAtlas((_q, res) => sendJson(res, 200, project));
    const client = createAtlasClient(
      { baseUrl: server.url, credentials },
      {
        onEvent: () => {
          throw new Error('view crashed');
        },
      },
    );
    expect(await client.getProject(project.id)).toEqual(project);
  });

  it('limits requests in flight to the configured concurrency', async () => {
    let active = 0;
    let peak = 0;
    server = await startAtlas(async (_q, res) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 30));
      active -= 1;
      sendJson(res, 200, project);
    });
    const client = createAtlasClient({ baseUrl: server.url, credentials }, { concurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, () => client.getProject(project.id)));
    expect(peak).toBe(2);
  });
});
