import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from './server.js';
import type { RunningSim } from './sim-options.js';
import type { SimFixture } from './fixture-types.js';

const TENANT = '1f6ef922-9303-402a-bae2-cc68810b023c';
const MI = 'b054a9ff-b60a-4cb6-8df6-20726eaefce6';
const fixture: SimFixture = {
  organizations: [],
  azure: {
    apps: [
      { tenantId: TENANT, clientId: '5d2a4c8e-0b1f-4e6a-9c3d-7f8e9a0b1c2d', clientSecret: 'app-secret-value' },
      { tenantId: TENANT, clientId: MI, clientSecret: 'unused-secret-value', managedIdentity: true },
    ],
  },
};

describe('managed identity endpoint (IDENTITY_ENDPOINT of App Service)', () => {
  let sim: RunningSim | undefined;
  afterEach(async () => sim?.close());

  const get = async (query: string, header?: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${sim!.urls.atlas}/azure/msi/token?api-version=2019-08-01&${query}`, {
      headers: header === undefined ? {} : { 'x-identity-header': header },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('issues an ARM token of the managed identity that ARM accepts, and refuses what App Service refuses', async () => {
    sim = await startSimulator({ fixture, manualClock: true });
    const ok = await get('resource=https://management.azure.com/', 'h');
    expect(ok).toMatchObject({
      status: 200,
      body: { token_type: 'Bearer', client_id: MI, resource: 'https://management.azure.com' },
    });
    const arm = await fetch(
      `${sim.urls.arm}/subscriptions/009774e0-124f-4a69-83e0-ca8cd8acb4e2/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-none/privateEndpointConnections?api-version=2023-07-01`,
      { headers: { authorization: `Bearer ${String(ok.body['access_token'])}` } },
    );
    expect(arm.status).not.toBe(401);

    expect((await get('resource=https://management.azure.com')).status).toBe(401);
    expect(await get('resource=https://example.com', 'h')).toMatchObject({
      status: 400,
      body: { error: 'invalid_resource' },
    });
    expect(await get(`resource=https://management.azure.com&client_id=${TENANT}`, 'h')).toMatchObject({
      status: 400,
      body: { error_description: expect.stringContaining(`No managed identity with client ID '${TENANT}'`) },
    });
  });
});
