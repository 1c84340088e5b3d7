import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSim } from '../src/index.js';
import { control, DigestClient, v } from './helpers/atlas-client.js';
import { enableBody, ids, owner, worldFixturePath } from './helpers/fixture.js';

const G = `/api/atlas/v2/groups/${ids.project}`;
const V1 = v('2023-01-01');
const ENDPOINTS = `${G}/encryptionAtRest/AZURE/privateEndpoints`;
const NO_SUCH_ENDPOINT = `${ENDPOINTS}/000000000000000000000000`;

describe('endpoint and project models', () => {
  const running: RunningSim[] = [];
  afterEach(async () => {
    for (const sim of running.splice(0)) await sim.close();
  });
  const start = async (): Promise<{ sim: RunningSim; atlas: DigestClient }> => {
    const sim = await startSimulator({ fixture: worldFixturePath, manualClock: true, validateResponses: true });
    running.push(sim);
    const atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
    expect((await atlas.request('PATCH', `${G}/encryptionAtRest`, { accept: V1, body: enableBody() })).status).toBe(
      200,
    );
    return { sim, atlas };
  };
  const create = (atlas: DigestClient, regionName: string) =>
    atlas.request('POST', ENDPOINTS, { accept: V1, body: { regionName } });

  it('gives endpoints ObjectIds whose first 4 bytes are the simulated creation time', async () => {
    const { sim, atlas } = await start();
    const first = await create(atlas, 'US_CENTRAL');
    await sim.advance(5);
    const second = await create(atlas, 'EUROPE_NORTH');
    const seconds = (id: string): number => parseInt(id.slice(0, 8), 16);
    const clock = (await (await fetch(`${sim.urls.control}/clock`)).json()) as { now: string };
    expect(seconds(second.body.id as string)).toBe(Math.floor(Date.parse(clock.now) / 1000));
    expect(seconds(second.body.id as string) - seconds(first.body.id as string)).toBe(5);
    expect(sim.contractViolations()).toEqual([]);
  });

  it('accepts a second endpoint in a region by default, and refuses it with an Atlas error once switched', async () => {
    const { sim, atlas } = await start();
    expect((await create(atlas, 'US_CENTRAL')).status).toBe(202);
    expect((await create(atlas, 'US_CENTRAL')).status).toBe(202);
    expect((await control(sim.urls.atlas, 'PUT', '/second-endpoint', { model: 'refuse' })).status).toBe(200);
    const refused = await create(atlas, 'US_CENTRAL');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 409, errorCode: 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS' });
    expect((await create(atlas, 'EUROPE_NORTH')).status).toBe(202);
    const list = await atlas.request('GET', ENDPOINTS, { accept: V1 });
    expect((list.body.results as { regionName: string }[]).map((e) => e.regionName).sort()).toEqual([
      'EUROPE_NORTH',
      'US_CENTRAL',
      'US_CENTRAL',
    ]);
    const bad = await control(sim.urls.atlas, 'PUT', '/second-endpoint', { model: 'sometimes' });
    expect(bad.status).toBe(400);
    expect(sim.contractViolations()).toEqual([]);
  });

  it('holds an inactive project: reads are served, every write (even of an unknown endpoint) is INACTIVE_ORG', async () => {
    const { sim, atlas } = await start();
    expect((await atlas.request('DELETE', NO_SUCH_ENDPOINT, { accept: V1 })).status).toBe(404);
    expect((await control(sim.urls.atlas, 'PATCH', `/projects/${ids.project}`, { active: false })).status).toBe(200);
    expect((await atlas.request('GET', G, { accept: V1 })).status).toBe(200);
    expect((await atlas.request('GET', ENDPOINTS, { accept: V1 })).status).toBe(200);
    const writes = [
      await atlas.request('DELETE', NO_SUCH_ENDPOINT, { accept: V1 }),
      await create(atlas, 'US_CENTRAL'),
      await atlas.request('PATCH', `${G}/encryptionAtRest`, { accept: V1, body: enableBody() }),
    ];
    expect(writes.map((w) => [w.status, w.body.errorCode])).toEqual([
      [400, 'INACTIVE_ORG'],
      [400, 'INACTIVE_ORG'],
      [400, 'INACTIVE_ORG'],
    ]);
    expect((await control(sim.urls.atlas, 'PATCH', `/projects/${ids.project}`, { active: true })).status).toBe(200);
    expect((await create(atlas, 'US_CENTRAL')).status).toBe(202);
    expect(
      (await control(sim.urls.atlas, 'PATCH', '/projects/000000000000000000000000', { active: false })).status,
    ).toBe(404);
    expect(sim.contractViolations()).toEqual([]);
  });
});
