import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSim } from '../src/index.js';
import { control, DigestClient, send, v, type TestResponse } from './helpers/atlas-client.js';
import { azureToken, enableBody, worldFixturePath, ids, owner, pecPath } from './helpers/fixture.js';

const G = `/api/atlas/v2/groups/${ids.project}`;
const EP = `${G}/encryptionAtRest/AZURE/privateEndpoints`;
const V1 = v('2023-01-01');

describe('conformance: every operation, endpoint status and refusal, validated against the contract', () => {
  let sim: RunningSim;
  let atlas: DigestClient;
  let armToken: string;
  const statuses = new Set<string>();

  const get = async (path: string, accept = V1): Promise<TestResponse> => {
    const res = await atlas.request('GET', path, { accept });
    if (path.includes('privateEndpoints')) {
      for (const e of res.body?.results ?? [res.body]) if (typeof e?.status === 'string') statuses.add(e.status);
    }
    return res;
  };
  const patch = (path: string, body: unknown, version = V1): Promise<TestResponse> =>
    atlas.request('PATCH', path, { accept: version, body });
  const advance = (seconds: number): Promise<TestResponse> =>
    control(sim.urls.atlas, 'POST', '/clock/advance', { seconds });
  const arm = (method: string, name = '', body?: unknown): Promise<TestResponse> =>
    send(`${sim.urls.atlas}${pecPath}${name ? `/${name}` : ''}?api-version=2023-07-01`, {
      method,
      headers: { Authorization: `Bearer ${armToken}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const expectError = (res: TestResponse, status: number, code: string): void => {
    expect({ status: res.status, code: res.body?.errorCode }).toEqual({ status, code });
    expect(res.body.reason).toEqual(expect.any(String));
    expect(res.headers.get('content-type')).toBe('application/json');
  };

  beforeAll(async () => {
    sim = await startSimulator({ fixture: worldFixturePath, manualClock: true, validateResponses: true });
    atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
    armToken = await azureToken(sim.urls.atlas, 'arm');
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('serves the project and 404s an unknown one', async () => {
    const res = await get(G);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(V1);
    expect(res.body).toMatchObject({ id: ids.project, name: 'payments-prod', orgId: ids.org, clusterCount: 2 });
    expectError(await get(`/api/atlas/v2/groups/${ids.unknownProject}`), 404, 'GROUP_NOT_FOUND');
  });

  it('lists clusters in every version with Atlas pagination', async () => {
    for (const version of ['2023-01-01', '2023-02-01', '2024-08-05']) {
      const res = await get(`${G}/clusters`, v(version));
      expect(res.status).toBe(200);
      expect(res.body.results.map((c: { name: string }) => c.name)).toEqual(['orders', 'analytics']);
      expect(res.body.totalCount).toBe(2);
    }
    const page1 = await get(`${G}/clusters?itemsPerPage=1`, v('2024-08-05'));
    expect(page1.body.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'next']);
    expect(
      page1.body.results[0].replicationSpecs[0].regionConfigs.map((r: { regionName: string }) => r.regionName),
    ).toEqual(['US_CENTRAL', 'EUROPE_NORTH']);
    const page2 = await get(`${G}/clusters?itemsPerPage=1&pageNum=2&includeCount=false`, v('2024-08-05'));
    expect(page2.body.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'previous']);
    expect(page2.body.results[0].name).toBe('analytics');
    expect(page2.body).not.toHaveProperty('totalCount');
    expectError(await get(`${G}/clusters?itemsPerPage=501`, v('2024-08-05')), 400, 'INVALID_QUERY_PARAMETER');
  });

  it('gets one cluster and refuses an unknown one', async () => {
    const res = await get(`${G}/clusters/orders`, v('2024-08-05'));
    expect(res.body).toMatchObject({
      name: 'orders',
      backupEnabled: true,
      encryptionAtRestProvider: 'NONE',
      stateName: 'IDLE',
    });
    expectError(await get(`${G}/clusters/nope`, v('2024-08-05')), 404, 'CLUSTER_NOT_FOUND');
  });

  it('answers 406 INVALID_VERSION_DATE for a missing or unknown version', async () => {
    expectError(await atlas.request('GET', `${G}/encryptionAtRest`, {}), 406, 'INVALID_VERSION_DATE');
    expectError(await get(`${G}/encryptionAtRest`, 'application/json'), 406, 'INVALID_VERSION_DATE');
    expectError(await get(`${G}/encryptionAtRest`, v('2024-08-05')), 406, 'INVALID_VERSION_DATE');
    expectError(await get(`${G}/clusters`, v('2024-10-23')), 406, 'INVALID_VERSION_DATE');
  });

  it('refuses cluster opt-in before the project has CMK, and below M10', async () => {
    expectError(
      await patch(`${G}/clusters/orders`, { encryptionAtRestProvider: 'AZURE' }, v('2024-10-23')),
      400,
      'ENCRYPTION_AT_REST_NOT_ENABLED',
    );
    expectError(
      await patch(
        `/api/atlas/v2/groups/${ids.sandbox}/clusters/playground`,
        { encryptionAtRestProvider: 'AZURE' },
        v('2024-10-23'),
      ),
      400,
      'INSUFFICIENT_INSTANCE_SIZE',
    );
    expectError(
      await patch(
        `/api/atlas/v2/groups/${ids.sandbox}/clusters/scratch`,
        { encryptionAtRestProvider: 'AZURE' },
        v('2024-10-23'),
      ),
      400,
      'INSUFFICIENT_INSTANCE_SIZE',
    );
  });

  it('refuses bad CMK configurations with Atlas error codes', async () => {
    const ear = `${G}/encryptionAtRest`;
    expectError(
      await patch(ear, enableBody({ keyIdentifier: 'https://kv-payments.vault.azure.net/keys/atlas' })),
      400,
      'AZURE_KEY_VAULT_KEY_IDENTIFIER_INVALID_FORMAT',
    );
    expectError(
      await patch(
        ear,
        enableBody({
          keyIdentifier: 'https://kv-payments.vault.azure.net/keys/missing/78b9134f9bc94fda8027a32b4715bf3f',
        }),
      ),
      400,
      'AZURE_KEY_VAULT_KEY_NOT_FOUND',
    );
    expectError(await patch(ear, enableBody({ secret: 'wrong' })), 400, 'INVALID_AZURE_CREDENTIALS');
    expectError(await patch(ear, enableBody({ tenantID: undefined })), 400, 'MISSING_ATTRIBUTE');
    expectError(
      await patch(ear, { azureKeyVault: { ...enableBody().azureKeyVault, colour: 'blue' } }),
      400,
      'INVALID_ATTRIBUTE',
    );
    const keyPath = '/vaults/kv-payments/keys/atlas/versions/78b9134f9bc94fda8027a32b4715bf3f';
    await control(sim.urls.atlas, 'PATCH', keyPath, { enabled: false });
    expectError(await patch(ear, enableBody()), 400, 'AZURE_KEY_VAULT_KEY_NOT_ENABLED');
    await control(sim.urls.atlas, 'PATCH', keyPath, { enabled: true, expires: '2020-01-01T00:00:00Z' });
    expectError(await patch(ear, enableBody()), 400, 'AZURE_KEY_VAULT_KEY_EXPIRED');
    await control(sim.urls.atlas, 'PATCH', keyPath, { expires: null });
    expectError(
      await patch(`/api/atlas/v2/groups/${ids.inactive}/encryptionAtRest`, enableBody()),
      400,
      'INACTIVE_ORG',
    );
  });

  it('enables CMK with the documented PATCH body and never returns the secret', async () => {
    const res = await patch(`${G}/encryptionAtRest`, enableBody());
    expect(res.status).toBe(200);
    expect(res.body.azureKeyVault).toMatchObject({
      enabled: true,
      valid: true,
      keyVaultName: 'kv-payments',
      requirePrivateNetworking: false,
    });
    expect(JSON.stringify(res.body)).not.toContain(ids.clientSecret);
    expect((await get(`${G}/encryptionAtRest`)).body.azureKeyVault.valid).toBe(true);
  });

  it('turns on private networking with the documented full-block PATCH and creates an endpoint from {"regionName": "US_CENTRAL"}', async () => {
    const pn = await patch(`${G}/encryptionAtRest`, enableBody({ requirePrivateNetworking: true }));
    expect(pn.body.azureKeyVault.requirePrivateNetworking).toBe(true);
    expectError(
      await atlas.request('POST', EP, { accept: V1, body: { regionName: 'centralus' } }),
      400,
      'INVALID_REGION',
    );
    const created = await atlas.request('POST', EP, { accept: V1, body: { regionName: 'US_CENTRAL' } });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ cloudProvider: 'AZURE', regionName: 'US_CENTRAL', status: 'INITIATING' });
    statuses.add(created.body.status);
    expect(created.body.id).toMatch(/^[a-f0-9]{24}$/);
  });

  it('refuses deleting a provisioning endpoint, disabling CMK with endpoints and moving the vault', async () => {
    const list = await get(EP);
    const id = list.body.results[0].id as string;
    expectError(
      await atlas.request('DELETE', `${EP}/${id}`, { accept: V1 }),
      400,
      'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING',
    );
    expectError(
      await patch(`${G}/encryptionAtRest`, { azureKeyVault: { enabled: false } }),
      400,
      'CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS',
    );
    expectError(
      await patch(`${G}/encryptionAtRest`, enableBody({ requirePrivateNetworking: true, keyVaultName: 'kv-other' })),
      400,
      'CANNOT_MODIFY_AZURE_KEY_VAULT_WITH_PRIVATE_ENDPOINTS',
    );
    expectError(
      await patch(`${G}/encryptionAtRest`, enableBody({ requirePrivateNetworking: false })),
      400,
      'CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST',
    );
  });

  it('moves INITIATING → PENDING_ACCEPTANCE → (Azure approval + reflection lag) → ACTIVE', async () => {
    await advance(30);
    const pending = (await get(EP)).body.results[0];
    expect(pending.status).toBe('PENDING_ACCEPTANCE');
    expect(pending.privateEndpointConnectionName).toMatch(/^pe-atlas-us-central-[0-9a-f]{6}$/);
    const conns = await arm('GET');
    expect(conns.status).toBe(200);
    expect(
      conns.body.value.map(
        (c: { name: string; properties: { privateLinkServiceConnectionState: { status: string } } }) => [
          c.name,
          c.properties.privateLinkServiceConnectionState.status,
        ],
      ),
    ).toEqual([[pending.privateEndpointConnectionName, 'Pending']]);
    const approved = await arm('PUT', pending.privateEndpointConnectionName, {
      properties: {
        privateLinkServiceConnectionState: {
          status: 'Approved',
          description: 'Approved for MongoDB Atlas encryption at rest',
        },
      },
    });
    expect(approved.body.properties.privateLinkServiceConnectionState.status).toBe('Approved');
    await advance(59);
    expect((await get(`${EP}/${pending.id}`)).body.status).toBe('PENDING_ACCEPTANCE');
    await advance(1);
    expect((await get(`${EP}/${pending.id}`)).body.status).toBe('ACTIVE');
  });

  it('marks a rejected connection PENDING_RECREATION, then recreates it as a new INITIATING endpoint', async () => {
    const active = (await get(EP)).body.results[0];
    const rejected = await arm('PUT', active.privateEndpointConnectionName, {
      properties: { privateLinkServiceConnectionState: { status: 'Rejected' } },
    });
    expect(rejected.status).toBe(200);
    expect((await get(`${EP}/${active.id}`)).body.status).toBe('PENDING_RECREATION');
    await advance(20);
    expectError(await get(`${EP}/${active.id}`), 404, 'RESOURCE_NOT_FOUND');
    const fresh = (await get(EP)).body.results;
    expect(fresh.map((e: { regionName: string; status: string }) => [e.regionName, e.status])).toEqual([
      ['US_CENTRAL', 'INITIATING'],
    ]);
    await advance(30);
    const again = (await get(EP)).body.results[0];
    expect(again.status).toBe('PENDING_ACCEPTANCE');
    await arm('PUT', again.privateEndpointConnectionName, {
      properties: { privateLinkServiceConnectionState: { status: 'Approved' } },
    });
    await advance(60);
    expect((await get(`${EP}/${again.id}`)).body.status).toBe('ACTIVE');
  });

  it('opts a cluster in: UPDATING → IDLE', async () => {
    const res = await patch(`${G}/clusters/orders`, { encryptionAtRestProvider: 'AZURE' }, v('2024-10-23'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(v('2024-10-23'));
    expect(res.body).toMatchObject({ encryptionAtRestProvider: 'AZURE', stateName: 'UPDATING' });
    await advance(60);
    expect((await get(`${G}/clusters/orders`, v('2024-08-05'))).body.stateName).toBe('IDLE');
  });

  it('fails an endpoint by fault injection, and deletes FAILED and ACTIVE endpoints: 204, DELETING, 404', async () => {
    sim.setFaults({ seed: 7, rules: [{ kind: 'endpointFail', rate: 1, times: 1 }] });
    const created = await atlas.request('POST', EP, { accept: V1, body: { regionName: 'EUROPE_NORTH' } });
    sim.setFaults({ rules: [] });
    await advance(30);
    const failed = (await get(`${EP}/${created.body.id}`)).body;
    expect(failed.status).toBe('FAILED');
    expect(failed.errorMessage).toMatch(/Failed to create/);
    const all = (await get(EP)).body.results as { id: string }[];
    for (const e of all) {
      const del = await atlas.request('DELETE', `${EP}/${e.id}`, { accept: V1 });
      expect(del.status).toBe(204);
      expect((await get(`${EP}/${e.id}`)).body.status).toBe('DELETING');
    }
    await advance(30);
    for (const e of all) expectError(await get(`${EP}/${e.id}`), 404, 'RESOURCE_NOT_FOUND');
    expect((await arm('GET')).body.value).toEqual([]);
    expect((await get(`${G}/encryptionAtRest/AWS/privateEndpoints`)).body).toMatchObject({
      results: [],
      totalCount: 0,
    });
  });

  it('refuses disabling CMK while a cluster still uses it; pauses clusters when the key is revoked', async () => {
    expectError(
      await patch(`${G}/encryptionAtRest`, { azureKeyVault: { enabled: false } }),
      409,
      'CANNOT_DISABLE_ENCRYPTION_AT_REST',
    );
    const keyPath = '/vaults/kv-payments/keys/atlas/versions/78b9134f9bc94fda8027a32b4715bf3f';
    await control(sim.urls.atlas, 'PATCH', keyPath, { enabled: false });
    expect((await get(`${G}/encryptionAtRest`)).body.azureKeyVault.valid).toBe(false);
    expect((await get(`${G}/clusters/orders`, v('2024-08-05'))).body.paused).toBe(true);
    expect((await get(`${G}/clusters/analytics`, v('2024-08-05'))).body.paused).toBe(false);
    await control(sim.urls.atlas, 'PATCH', keyPath, { enabled: true });
    expectError(
      await patch(`${G}/clusters/orders`, { encryptionAtRestProvider: 'NONE' }, v('2024-10-23')),
      409,
      'CANNOT_UPDATE_PAUSED_CLUSTER',
    );
    expect((await patch(`${G}/clusters/orders`, { paused: false }, v('2024-10-23'))).body.paused).toBe(false);
    await advance(60);
    expect((await patch(`${G}/clusters/orders`, { encryptionAtRestProvider: 'NONE' }, v('2024-10-23'))).status).toBe(
      200,
    );
    await advance(60);
    const disabled = await patch(`${G}/encryptionAtRest`, {
      awsKms: { enabled: false },
      azureKeyVault: { enabled: false },
      googleCloudKms: { enabled: false },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.azureKeyVault).toMatchObject({
      enabled: false,
      valid: false,
      requirePrivateNetworking: false,
    });
  });

  it('disables multi-cloud clusters when private networking is turned on', async () => {
    const sandbox = `/api/atlas/v2/groups/${ids.sandbox}`;
    expect((await get(`${sandbox}/clusters/everywhere`, v('2024-08-05'))).body.paused).toBe(false);
    expect((await patch(`${sandbox}/encryptionAtRest`, enableBody({ requirePrivateNetworking: true }))).status).toBe(
      200,
    );
    expect((await get(`${sandbox}/clusters/everywhere`, v('2024-08-05'))).body.paused).toBe(true);
  });

  it('reached every endpoint status and produced no contract violation', () => {
    expect([...statuses].sort()).toEqual([
      'ACTIVE',
      'DELETING',
      'FAILED',
      'INITIATING',
      'PENDING_ACCEPTANCE',
      'PENDING_RECREATION',
    ]);
    expect(sim.contractViolations()).toEqual([]);
    // Requests are checked too: only the deliberately wrong region name broke the contract.
    expect(sim.requestViolations()).toEqual([
      expect.stringMatching(
        /^POST \/api\/atlas\/v2\/groups\/66c9e8f1dd6c9960802420e9\/encryptionAtRest\/AZURE\/privateEndpoints: createGroupEncryptionAtRestPrivateEndpoint request: \/regionName /,
      ),
    ]);
    const ops = new Set(sim.requestLog().map((e) => e.operationId));
    for (const op of [
      'getGroup',
      'listGroupClusters',
      'getGroupCluster',
      'updateGroupCluster',
      'getGroupEncryptionAtRest',
      'updateGroupEncryptionAtRest',
      'listGroupEncryptionAtRestPrivateEndpoints',
      'createGroupEncryptionAtRestPrivateEndpoint',
      'getGroupEncryptionAtRestPrivateEndpoint',
      'requestGroupEncryptionAtRestPrivateEndpointDeletion',
    ]) {
      expect(ops).toContain(op);
    }
  });
});
