import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortedError,
  createAtlasClient,
  isLiveReadFailure,
  readLiveState,
  type LiveReadFailure,
} from '../src/index.js';
import { apiError, sendJson, startServer, type LoopbackServer, type SeenRequest } from './support/loopback-server.js';

const ids = ['66c9e8f1dd6c9960802420a1', '66c9e8f1dd6c9960802420a2', '66c9e8f1dd6c9960802420a3'];
const orgId = '66c9e8f1dd6c99608024ffff';
const ear = {
  azureKeyVault: { enabled: true, keyVaultName: 'kv-payments', requirePrivateNetworking: true, valid: true },
};

const endpoints = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `e${i}`,
    cloudProvider: 'AZURE',
    regionName: 'US_CENTRAL',
    status: 'ACTIVE',
  }));
const clusters = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `c${i}`, encryptionAtRestProvider: 'AZURE', stateName: 'IDLE' }));

/** Serves one list page as Atlas does (`pageNum`, `itemsPerPage`, `totalCount` unless includeCount=false). */
function page(req: SeenRequest, all: unknown[]) {
  const q = new URL(req.url, 'http://x').searchParams;
  const num = Number(q.get('pageNum') ?? '1');
  const size = Number(q.get('itemsPerPage') ?? '100');
  return { links: [], results: all.slice((num - 1) * size, num * size), totalCount: all.length };
}

/** A fake Atlas for several projects: per-project endpoint/cluster counts and an optional error per project. */
async function startAtlas(
  world: Record<string, { endpoints: number; clusters: number; error?: [number, string] }>,
): Promise<LoopbackServer> {
  return startServer((req, res) => {
    if (req.url === '/api/oauth/token') return sendJson(res, 200, { access_token: 'tok', expires_in: 3600 });
    const match = /^\/api\/atlas\/v2\/groups\/([^/?]+)(\/[^?]*)?/.exec(req.url);
    const project = match?.[1] ? world[match[1]] : undefined;
    if (!match?.[1] || !project)
      return sendJson(res, 404, apiError(404, 'GROUP_NOT_FOUND', `No group with ID ${match?.[1]} exists.`));
    if (project.error) return sendJson(res, project.error[0], apiError(project.error[0], project.error[1], 'refused'));
    switch (match[2] ?? '') {
      case '':
        return sendJson(res, 200, {
          id: match[1],
          name: `p-${match[1]}`,
          orgId,
          clusterCount: project.clusters,
          created: '2024-01-01T00:00:00Z',
        });
      case '/encryptionAtRest':
        return sendJson(res, 200, ear);
      case '/encryptionAtRest/AZURE/privateEndpoints':
        return sendJson(res, 200, page(req, endpoints(project.endpoints)));
      case '/clusters':
        return sendJson(res, 200, page(req, clusters(project.clusters)));
      default:
        return sendJson(res, 404, apiError(404, 'RESOURCE_NOT_FOUND', 'no'));
    }
  });
}

const apiRequests = (server: LoopbackServer) => server.requests.filter((r) => r.url !== '/api/oauth/token');
const credentials = { kind: 'serviceAccount' as const, clientId: 'id', clientSecret: 'secret' };

describe('readLiveState', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => server?.close());

  it('reads each project with exactly four requests, whatever its size', async () => {
    server = await startAtlas({ [ids[0]!]: { endpoints: 0, clusters: 0 }, [ids[1]!]: { endpoints: 7, clusters: 40 } });
    const client = createAtlasClient({ baseUrl: server.url, credentials });
    const states = await readLiveState(client, [ids[0]!, ids[1]!]);
    for (const id of [ids[0]!, ids[1]!]) {
      expect(apiRequests(server).filter((r) => r.url.includes(id))).toHaveLength(4);
    }
    const big = states.get(ids[1]!);
    if (!big || isLiveReadFailure(big)) throw new Error('expected a state');
    expect(big.project).toEqual({ id: ids[1], name: `p-${ids[1]}`, orgId, clusterCount: 40 });
    expect(big.endpoints).toHaveLength(7);
    expect(big.clusters).toHaveLength(40);
    expect(big.encryptionAtRest).toEqual(ear);
    expect(big.organizationInactive).toBeUndefined();
    const lists = apiRequests(server).filter((r) => r.url.includes('privateEndpoints') || r.url.includes('/clusters'));
    expect(
      lists.every(
        (r) => r.url.includes('pageNum=1') && r.url.includes('itemsPerPage=500') && r.url.includes('includeCount=true'),
      ),
    ).toBe(true);
  });

  it('hands each project to onProject as soon as its own reads are done, once, with the same state', async () => {
    server = await startAtlas({ [ids[0]!]: { endpoints: 1, clusters: 2 }, [ids[1]!]: { endpoints: 3, clusters: 5 } });
    const client = createAtlasClient({ baseUrl: server.url, credentials });
    const seen: [string, unknown][] = [];
    const states = await readLiveState(client, [ids[0]!, ids[1]!], {
      concurrency: 1,
      onProject: (id, state) => seen.push([id, state]),
    });
    expect(seen.map(([id]) => id)).toEqual([ids[0], ids[1]]);
    for (const [id, state] of seen) expect(state).toBe(states.get(id));
  });

  it('uses the contract media type of each read', async () => {
    server = await startAtlas({ [ids[0]!]: { endpoints: 1, clusters: 1 } });
    await readLiveState(createAtlasClient({ baseUrl: server.url, credentials }), [ids[0]!]);
    const accept = Object.fromEntries(
      apiRequests(server).map((r) => [
        r.url.split('?')[0]?.replace(`/api/atlas/v2/groups/${ids[0]}`, '') || '/',
        r.headers.accept,
      ]),
    );
    expect(accept).toEqual({
      '/': 'application/vnd.atlas.2023-01-01+json',
      '/encryptionAtRest': 'application/vnd.atlas.2023-01-01+json',
      '/encryptionAtRest/AZURE/privateEndpoints': 'application/vnd.atlas.2023-01-01+json',
      '/clusters': 'application/vnd.atlas.2024-08-05+json',
    });
  });

  it('reads every page of a listing beyond 500 items (one extra read per page)', async () => {
    server = await startAtlas({ [ids[0]!]: { endpoints: 1, clusters: 1203 } });
    const client = createAtlasClient({ baseUrl: server.url, credentials });
    const listed = await client.listClusters(ids[0]!);
    expect(listed.results).toHaveLength(1203);
    expect(listed.pages).toBe(3);
    expect(apiRequests(server).map((r) => new URL(r.url, 'http://x').searchParams.get('pageNum'))).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  it('reports an INACTIVE_ORG refusal as facts, not as an error', async () => {
    server = await startAtlas({ [ids[0]!]: { endpoints: 0, clusters: 0, error: [400, 'INACTIVE_ORG'] } });
    const states = await readLiveState(createAtlasClient({ baseUrl: server.url, credentials }), [ids[0]!]);
    expect(states.get(ids[0]!)).toEqual({
      projectId: ids[0],
      project: { id: ids[0], name: '', orgId: '' },
      encryptionAtRest: {},
      endpoints: [],
      clusters: [],
      organizationInactive: true,
    });
  });

  it('reports unknown, unauthorized and forbidden projects as failures naming the project', async () => {
    server = await startAtlas({
      [ids[1]!]: { endpoints: 0, clusters: 0, error: [401, 'NOT_ORG_GROUP_CREATOR'] },
      [ids[2]!]: { endpoints: 0, clusters: 0, error: [403, 'USER_UNAUTHORIZED'] },
    });
    const states = await readLiveState(createAtlasClient({ baseUrl: server.url, credentials }), ids);
    const failure = (id: string) => states.get(id) as LiveReadFailure;
    expect(failure(ids[0]!)).toMatchObject({ kind: 'liveReadFailure', reason: 'notFound', projectId: ids[0] });
    expect(failure(ids[0]!).message).toContain(`Project ${ids[0]} was not found`);
    expect(failure(ids[1]!)).toMatchObject({ reason: 'unauthorized' });
    expect(failure(ids[1]!).message).toContain(ids[1]);
    expect(failure(ids[2]!)).toMatchObject({ reason: 'forbidden' });
    expect(failure(ids[2]!).message).toContain('Project Owner');
  });

  it('reads projects concurrently within the limit', async () => {
    let active = 0;
    let peak = 0;
    const world = Object.fromEntries(ids.map((id) => [id, { endpoints: 0, clusters: 0 }]));
    const inner = await startAtlas(world);
    server = await startServer(async (req, res) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 20));
      const upstream = await fetch(inner.url + req.url, {
        method: req.method,
        headers: { accept: String(req.headers.accept) },
      });
      active -= 1;
      sendJson(res, upstream.status, await upstream.json());
    });
    try {
      const client = createAtlasClient({ baseUrl: server.url, credentials }, { concurrency: 16 });
      const states = await readLiveState(client, ids, { concurrency: 2 });
      expect([...states.keys()]).toEqual(ids);
      expect(peak).toBeGreaterThan(4);
      expect(peak).toBeLessThanOrEqual(8);
    } finally {
      await inner.close();
    }
  });

  it('rejects with AbortedError when cancelled', async () => {
    server = await startServer(() => undefined);
    const controller = new AbortController();
    const pending = readLiveState(createAtlasClient({ baseUrl: server.url, credentials }), ids, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });
});
