import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSim, loadFixtureFile } from '../src/index.js';
import { control, send } from './helpers/atlas-client.js';
import { azureToken, ids, worldFixturePath } from './helpers/fixture.js';

const vaultPath = `/azure/arm/subscriptions/${ids.subscription}/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments`;

describe('Azure reads of the preflight: providers, vault, permissions, key operations, app secrets', () => {
  let sim: RunningSim;
  let base: string;

  beforeAll(async () => {
    sim = await startSimulator({
      fixture: await loadFixtureFile(worldFixturePath),
      manualClock: true,
      validateResponses: true,
    });
    base = sim.urls.atlas;
  });
  afterAll(async () => {
    expect(sim.contractViolations()).toEqual([]);
    await sim?.close();
  });

  const arm = async (path: string, apiVersion: string) =>
    send(`${base}${path}?api-version=${apiVersion}`, {
      headers: { authorization: `Bearer ${await azureToken(base, 'arm')}` },
    });

  it('answers a provider registration, Registered until the control API says otherwise', async () => {
    const path = `/azure/arm/subscriptions/${ids.subscription}/providers/Microsoft.Network`;
    expect((await arm(path, '2024-03-01')).body).toMatchObject({
      namespace: 'Microsoft.Network',
      registrationState: 'Registered',
    });
    const set = await control(base, 'PUT', `/azure/subscriptions/${ids.subscription}/providers/Microsoft.Network`, {
      registrationState: 'NotRegistered',
    });
    expect(set.status).toBe(200);
    expect((await arm(path, '2024-03-01')).body).toMatchObject({ registrationState: 'NotRegistered' });
    expect((await arm(path, '1999-01-01')).body).toMatchObject({ error: { code: 'InvalidApiVersionParameter' } });
    const other = await arm(
      '/azure/arm/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Network',
      '2024-03-01',
    );
    expect([other.status, other.body]).toMatchObject([404, { error: { code: 'SubscriptionNotFound' } }]);
  });

  it('answers the vault, and ResourceNotFound for a vault that is not there', async () => {
    const found = await arm(vaultPath, '2023-07-01');
    expect([found.status, found.body]).toMatchObject([
      200,
      { name: 'kv-payments', type: 'Microsoft.KeyVault/vaults', properties: { tenantId: ids.tenant } },
    ]);
    const missing = await arm(vaultPath.replace('kv-payments', 'kv-nothing'), '2023-07-01');
    expect([missing.status, missing.body]).toMatchObject([404, { error: { code: 'ResourceNotFound' } }]);
    const noToken = await send(`${base}${vaultPath}?api-version=2023-07-01`);
    expect(noToken.status).toBe(401);
  });

  it('answers the caller permissions: canApprove implies write, the control API narrows them, and approval follows', async () => {
    const path = `${vaultPath}/providers/Microsoft.Authorization/permissions`;
    expect((await arm(path, '2022-04-01')).body).toEqual({
      value: [
        {
          actions: ['Microsoft.KeyVault/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
          notActions: [],
          dataActions: [],
          notDataActions: [],
        },
      ],
    });
    await control(base, 'PUT', `/azure/apps/${ids.clientId}/permissions`, { actions: ['*/read'] });
    expect((await arm(path, '2022-04-01')).body).toMatchObject({ value: [{ actions: ['*/read'], notActions: [] }] });
    const approve = await send(`${base}${vaultPath}/privateEndpointConnections/any?api-version=2023-07-01`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await azureToken(base, 'arm')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }),
    });
    expect([approve.status, approve.body]).toMatchObject([403, { error: { code: 'AuthorizationFailed' } }]);
    await control(base, 'DELETE', `/azure/apps/${ids.clientId}/permissions`);
    expect((await arm(path, '2022-04-01')).body).toMatchObject({
      value: [{ actions: ['Microsoft.KeyVault/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'] }],
    });
    expect((await control(base, 'PUT', `/azure/apps/${ids.clientId}/permissions`, { actions: 'all' })).status).toBe(
      400,
    );
  });

  it("serves a key's operations and activation date as the control API sets them", async () => {
    const version = '78b9134f9bc94fda8027a32b4715bf3f';
    const set = await control(base, 'PATCH', `/azure/vaults/kv-payments/keys/atlas/versions/${version}`, {
      keyOps: ['sign'],
      notBefore: '2099-01-01T00:00:00Z',
    });
    expect(set.status).toBe(200);
    const key = await send(`${base}/azure/keyvault/kv-payments/keys/atlas/${version}?api-version=7.5`, {
      headers: { authorization: `Bearer ${await azureToken(base, 'keyvault')}` },
    });
    expect(key.body).toMatchObject({ key: { key_ops: ['sign'] }, attributes: { nbf: 4070908800 } });
  });

  it("lists an app's client secrets in Microsoft Graph, never their values", async () => {
    const token = async () => {
      const res = await fetch(`${base}/azure/login/${ids.tenant}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: ids.clientId,
          client_secret: ids.clientSecret,
          grant_type: 'client_credentials',
          scope: 'https://graph.microsoft.com/.default',
        }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    };
    const read = async (appId: string) =>
      send(`${base}/azure/graph/v1.0/applications(appId='${appId}')?$select=appId,passwordCredentials`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
    const before = await read(ids.clientId);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ appId: ids.clientId, passwordCredentials: [{ secretText: null }] });
    expect(JSON.stringify(before.body)).not.toContain(ids.clientSecret);
    await control(base, 'PUT', `/azure/apps/${ids.clientId}/password-credentials`, {
      passwordCredentials: [{ endDateTime: '2027-01-31T00:00:00Z', displayName: 'atlas' }],
    });
    expect((await read(ids.clientId)).body).toMatchObject({
      passwordCredentials: [{ endDateTime: '2027-01-31T00:00:00.000Z', displayName: 'atlas' }],
    });
    const unknown = await read('00000000-0000-0000-0000-000000000000');
    expect([unknown.status, unknown.body]).toMatchObject([404, { error: { code: 'Request_ResourceNotFound' } }]);
    // An ARM token is not a Graph token.
    const wrong = await send(`${base}/azure/graph/v1.0/applications(appId='${ids.clientId}')`, {
      headers: { authorization: `Bearer ${await azureToken(base, 'arm')}` },
    });
    expect(wrong.status).toBe(401);
  });
});

describe('the preflight state from a fixture', () => {
  it('starts with the providers, permissions, key operations and app secrets the fixture sets', async () => {
    const example = await loadFixtureFile(worldFixturePath);
    const apps = (example.azure?.apps ?? []).map((a) =>
      a.clientId === ids.clientId
        ? { ...a, permissions: { actions: ['*/read'] }, passwordCredentials: [{ endDateTime: '2026-01-01T00:00:00Z' }] }
        : a,
    );
    const vaults = (example.azure?.vaults ?? []).map((v) => ({
      ...v,
      keys: (v.keys ?? []).map((k) => ({ ...k, versions: k.versions.map((kv) => ({ ...kv, keyOps: ['verify'] })) })),
    }));
    const sim = await startSimulator({
      fixture: {
        ...example,
        azure: {
          apps,
          vaults,
          providers: [
            { subscriptionId: ids.subscription, namespace: 'Microsoft.KeyVault', registrationState: 'NotRegistered' },
          ],
        },
      },
      manualClock: true,
      validateResponses: true,
    });
    try {
      const base = sim.urls.atlas;
      const arm = { authorization: `Bearer ${await azureToken(base, 'arm')}` };
      const provider = await send(
        `${base}/azure/arm/subscriptions/${ids.subscription}/providers/Microsoft.KeyVault?api-version=2024-03-01`,
        { headers: arm },
      );
      expect(provider.body).toMatchObject({ registrationState: 'NotRegistered' });
      const permissions = await send(
        `${base}${vaultPath}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`,
        { headers: arm },
      );
      expect(permissions.body).toMatchObject({ value: [{ actions: ['*/read'], notActions: [] }] });
      const key = await send(
        `${base}/azure/keyvault/kv-payments/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f?api-version=7.5`,
        { headers: { authorization: `Bearer ${await azureToken(base, 'keyvault')}` } },
      );
      expect(key.body).toMatchObject({ key: { key_ops: ['verify'] } });
      expect(sim.contractViolations()).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
