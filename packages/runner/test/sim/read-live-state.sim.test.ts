import { startSimulator, type RunningSim, type SimFixture } from '@atlas-cmk/atlas-sim';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createArmClient,
  createAtlasClient,
  isLiveReadFailure,
  readLiveState,
  type LiveReadFailure,
} from '../../src/index.js';

const PROJECT = '66c9e8f1dd6c9960802420e9';
const SANDBOX = '66c9e8f1dd6c9960802420f3';
const UNKNOWN = '66c9e8f1dd6c99608024ffff';
const vault = {
  subscriptionId: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
  resourceGroupName: 'rg-payments',
  vaultName: 'kv-payments',
};
const apiKey = {
  kind: 'apiKey' as const,
  publicKey: 'simpubkey',
  privateKey: '6f1c1e2a-0b7d-4c55-9d2e-sim-private-key',
};
const serviceAccount = {
  kind: 'serviceAccount' as const,
  clientId: 'mdb_sa_id_66c9e8f1dd6c9960802420d5',
  clientSecret: 'mdb_sa_sk_sim_0123456789abcdef0123456789abcdef',
};

const fixture: SimFixture = {
  timing: { initiatingSeconds: 30, approvalReflectionSeconds: 60 },
  organizations: [
    {
      id: '66c9e8f1dd6c9960802420a1',
      name: 'Acme Payments',
      active: true,
      projects: [
        {
          id: PROJECT,
          name: 'payments-prod',
          clusters: [
            { name: 'orders', tier: 'M30', provider: 'AZURE', regions: ['US_CENTRAL', 'EUROPE_NORTH'], backup: true },
            { name: 'analytics', tier: 'M10', provider: 'AZURE', regions: ['US_CENTRAL'] },
          ],
          encryptionAtRest: {
            azureKeyVault: {
              enabled: true,
              azureEnvironment: 'AZURE',
              clientID: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6',
              tenantID: '1f6ef922-9303-402a-bae2-cc68810b023c',
              secret: 'sim-azure-client-secret-value',
              subscriptionID: vault.subscriptionId,
              resourceGroupName: vault.resourceGroupName,
              keyVaultName: vault.vaultName,
              keyIdentifier: 'https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f',
              requirePrivateNetworking: true,
            },
          },
        },
        {
          id: SANDBOX,
          name: 'payments-sandbox',
          clusters: [{ name: 'playground', tier: 'M0', provider: 'AZURE', regions: ['US_EAST_2'] }],
        },
      ],
    },
  ],
  apiKeys: [
    {
      publicKey: apiKey.publicKey,
      privateKey: apiKey.privateKey,
      role: 'ORG_OWNER',
      orgs: ['66c9e8f1dd6c9960802420a1'],
    },
  ],
  serviceAccounts: [
    {
      clientId: serviceAccount.clientId,
      clientSecret: serviceAccount.clientSecret,
      role: 'PROJECT_OWNER',
      projects: [PROJECT, SANDBOX],
    },
  ],
  azure: {
    apps: [
      {
        tenantId: '1f6ef922-9303-402a-bae2-cc68810b023c',
        clientId: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6',
        clientSecret: 'sim-azure-client-secret-value',
        canApprove: true,
      },
    ],
    vaults: [
      {
        name: vault.vaultName,
        resourceGroup: vault.resourceGroupName,
        subscriptionId: vault.subscriptionId,
        tenantId: '1f6ef922-9303-402a-bae2-cc68810b023c',
        keys: [{ name: 'atlas', versions: [{ version: '78b9134f9bc94fda8027a32b4715bf3f', enabled: true }] }],
      },
    ],
  },
};

describe('against the simulator', () => {
  let sim: RunningSim | undefined;
  afterEach(async () => sim?.close());

  it('reads live state with exactly four requests per project (API key, contract-validated)', async () => {
    sim = await startSimulator({ fixture, validateResponses: true, manualClock: true });
    const client = createAtlasClient({ baseUrl: sim.urls.atlas, credentials: apiKey });
    await client.createEarPrivateEndpoint(PROJECT, 'AZURE', { regionName: 'US_CENTRAL' });
    await client.createEarPrivateEndpoint(PROJECT, 'AZURE', { regionName: 'EUROPE_NORTH' });
    const before = sim.requestLog().length;

    const states = await readLiveState(client, [PROJECT]);

    const reads = sim.requestLog().slice(before);
    expect(reads.map((r) => [r.method, r.path.split('?')[0], r.status])).toEqual(
      expect.arrayContaining([
        ['GET', `/api/atlas/v2/groups/${PROJECT}`, 200],
        ['GET', `/api/atlas/v2/groups/${PROJECT}/encryptionAtRest`, 200],
        ['GET', `/api/atlas/v2/groups/${PROJECT}/encryptionAtRest/AZURE/privateEndpoints`, 200],
        ['GET', `/api/atlas/v2/groups/${PROJECT}/clusters`, 200],
      ]),
    );
    expect(reads).toHaveLength(4);
    expect(sim.contractViolations()).toEqual([]);

    const state = states.get(PROJECT);
    if (!state || isLiveReadFailure(state)) throw new Error(`expected a live state, got ${JSON.stringify(state)}`);
    expect(state.project).toMatchObject({ id: PROJECT, name: 'payments-prod' });
    expect(state.encryptionAtRest.azureKeyVault).toMatchObject({
      enabled: true,
      keyVaultName: 'kv-payments',
      requirePrivateNetworking: true,
    });
    expect(JSON.stringify(state)).not.toContain('sim-azure-client-secret-value');
    expect(state.endpoints.map((e) => e.regionName).sort()).toEqual(['EUROPE_NORTH', 'US_CENTRAL']);
    expect(state.clusters.map((c) => c.name).sort()).toEqual(['analytics', 'orders']);
  });

  it('reads several projects with a service account: one token, four reads each, unknown project reported', async () => {
    sim = await startSimulator({ fixture, validateResponses: true, manualClock: true });
    const client = createAtlasClient({ baseUrl: sim.urls.atlas, credentials: serviceAccount });

    const states = await readLiveState(client, [PROJECT, SANDBOX, UNKNOWN], { concurrency: 2 });

    const log = sim.requestLog();
    expect(log.filter((r) => r.path.startsWith('/api/oauth/token'))).toHaveLength(1);
    for (const id of [PROJECT, SANDBOX]) {
      expect(log.filter((r) => r.path.includes(id)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(isLiveReadFailure(states.get(id)!)).toBe(false);
    }
    const unknown = states.get(UNKNOWN) as LiveReadFailure;
    expect(unknown.kind).toBe('liveReadFailure');
    expect(['notFound', 'unauthorized', 'forbidden']).toContain(unknown.reason);
    expect(unknown.message).toContain(UNKNOWN);
    expect(unknown.message).not.toContain(serviceAccount.clientSecret);
    expect(sim.contractViolations()).toEqual([]);
  });

  it('answers a stale Digest nonce once and an expired token with one refresh', async () => {
    sim = await startSimulator({ fixture, validateResponses: true, manualClock: true });
    const digest = createAtlasClient({ baseUrl: sim.urls.atlas, credentials: apiKey });
    const sa = createAtlasClient({ baseUrl: sim.urls.atlas, credentials: serviceAccount });
    await digest.getProject(PROJECT);
    await sa.getProject(PROJECT);
    await sim.advance(3700); // past the nonce TTL (300 s) and the token lifetime (3600 s)
    const before = sim.requestLog().length;
    await digest.getProject(PROJECT);
    const afterDigest = sim.requestLog().slice(before);
    expect(afterDigest.map((r) => r.status)).toEqual([401, 200]);
    await sa.getProject(PROJECT);
    const afterToken = sim.requestLog().slice(before + afterDigest.length);
    expect(afterToken.map((r) => [r.path.startsWith('/api/oauth/token') ? 'token' : 'api', r.status])).toEqual([
      ['api', 401],
      ['token', 200],
      ['api', 200],
    ]);
  });

  it('approves an endpoint through ARM and sees it become ACTIVE', async () => {
    sim = await startSimulator({ fixture, validateResponses: true, manualClock: true });
    const atlas = createAtlasClient({ baseUrl: sim.urls.atlas, credentials: serviceAccount });
    const arm = createArmClient({
      tenantId: '1f6ef922-9303-402a-bae2-cc68810b023c',
      clientId: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6',
      clientSecret: 'sim-azure-client-secret-value',
      authorityHost: sim.urls.login,
      armUrl: sim.urls.arm,
      armScope: 'https://management.azure.com/.default',
    });
    const created = await atlas.createEarPrivateEndpoint(PROJECT, 'AZURE', { regionName: 'US_CENTRAL' });
    await sim.advance(31);
    const pending = await atlas.getEarPrivateEndpoint(PROJECT, 'AZURE', created.id);
    expect(pending.status).toBe('PENDING_ACCEPTANCE');
    const name = pending.privateEndpointConnectionName ?? '';
    const listed = await arm.listPrivateEndpointConnections(vault);
    expect(listed.map((c) => c.name)).toContain(name);
    const approved = await arm.setPrivateEndpointConnectionStatus(vault, name, 'Approved', 'Approved by atlas-cmk');
    expect(approved.privateLinkServiceConnectionState?.status).toBe('Approved');
    await sim.advance(61);
    expect((await atlas.getEarPrivateEndpoint(PROJECT, 'AZURE', created.id)).status).toBe('ACTIVE');
    expect(sim.contractViolations()).toEqual([]);
  });
});
