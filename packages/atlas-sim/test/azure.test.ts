import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { connect as netConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSim, type SimFixture } from '../src/index.js';
import { DigestClient, send, v } from './helpers/atlas-client.js';
import { azureToken, enableBody, ids, owner, pecPath } from './helpers/fixture.js';
import { loadFixtureFile } from '../src/index.js';
import { worldFixturePath } from './helpers/fixture.js';

const viewer = {
  tenantId: ids.tenant,
  clientId: '7a1d3c55-1111-4aaa-8bbb-0c2d4e6f8a9b',
  clientSecret: 'viewer-secret',
  canApprove: false,
};

describe('Azure side: Entra ID tokens, ARM private endpoint connections, Key Vault keys', () => {
  let sim: RunningSim;
  let base: string;
  let connection: string;

  beforeAll(async () => {
    const example = await loadFixtureFile(worldFixturePath);
    const fixture: SimFixture = {
      ...example,
      azure: { ...example.azure, apps: [...(example.azure?.apps ?? []), viewer] },
    };
    sim = await startSimulator({ fixture, manualClock: true, validateResponses: true });
    base = sim.urls.atlas;
    const atlas = new DigestClient(base, owner.user, owner.password);
    await atlas.request('PATCH', `/api/atlas/v2/groups/${ids.project}/encryptionAtRest`, {
      accept: v('2023-01-01'),
      body: enableBody({ requirePrivateNetworking: true }),
    });
    await atlas.request('POST', `/api/atlas/v2/groups/${ids.project}/encryptionAtRest/AZURE/privateEndpoints`, {
      accept: v('2023-01-01'),
      body: { regionName: 'US_CENTRAL' },
    });
    await sim.advance(30);
    const list = await atlas.request(
      'GET',
      `/api/atlas/v2/groups/${ids.project}/encryptionAtRest/AZURE/privateEndpoints`,
      { accept: v('2023-01-01') },
    );
    connection = list.body.results[0].privateEndpointConnectionName;
  });
  afterAll(async () => {
    await sim?.close();
  });

  const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    send(`${base}/azure/login/${ids.tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });

  it('issues client-credentials tokens (form or Basic) and refuses bad secrets and scopes', async () => {
    const ok = await tokenRequest({
      client_id: ids.clientId,
      client_secret: ids.clientSecret,
      grant_type: 'client_credentials',
      scope: 'https://management.azure.com/.default',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const basic = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'https://vault.azure.net/.default' },
      { Authorization: `Basic ${Buffer.from(`${ids.clientId}:${ids.clientSecret}`).toString('base64')}` },
    );
    expect(basic.status).toBe(200);
    const wrong = await tokenRequest({
      client_id: ids.clientId,
      client_secret: 'nope',
      grant_type: 'client_credentials',
      scope: 'https://management.azure.com/.default',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const scope = await tokenRequest({
      client_id: ids.clientId,
      client_secret: ids.clientSecret,
      grant_type: 'client_credentials',
      scope: 'https://storage.azure.com/.default',
    });
    expect(scope.body).toMatchObject({ error: 'invalid_scope', error_codes: [70011] });
  });

  it('answers injected faults on the Entra token endpoint in its own OAuth error shape, within the contract', async () => {
    const form = {
      client_id: ids.clientId,
      client_secret: ids.clientSecret,
      grant_type: 'client_credentials',
      scope: 'https://management.azure.com/.default',
    };
    for (const rule of [
      { kind: '5xx' as const, rate: 1, times: 1, status: 503 },
      { kind: '429' as const, rate: 1, times: 1, retryAfter: 1 },
    ]) {
      sim.setFaults({ seed: 1, rules: [{ ...rule, match: { pathPrefix: '/azure/login' } }] });
      const answer = await tokenRequest(form);
      expect(answer.status).toBe(rule.kind === '429' ? 429 : 503);
      expect(answer.body).toMatchObject({ error: 'temporarily_unavailable', error_codes: [expect.any(Number)] });
      expect(answer.body.error_description).toMatch(/^AADSTS\d+: /);
    }
    sim.setFaults({ seed: 1, rules: [] });
    expect(sim.contractViolations()).toEqual([]);
  });

  it('serves the metadata documents MSAL asks for', async () => {
    const oidc = await send(`${base}/azure/login/${ids.tenant}/v2.0/.well-known/openid-configuration`);
    expect(oidc.body.token_endpoint).toBe(`${base}/azure/login/${ids.tenant}/oauth2/v2.0/token`);
    const discovery = await send(`${base}/azure/login/common/discovery/instance?api-version=1.1`);
    expect(discovery.body['api-version']).toBe('1.1');
  });

  it('requires a Bearer token for the ARM audience and a supported api-version', async () => {
    expect((await send(`${base}${pecPath}?api-version=2023-07-01`)).body.error.code).toBe('AuthenticationFailed');
    const kvToken = await azureToken(base, 'keyvault');
    expect(
      (await send(`${base}${pecPath}?api-version=2023-07-01`, { headers: { Authorization: `Bearer ${kvToken}` } }))
        .status,
    ).toBe(401);
    const arm = await azureToken(base, 'arm');
    expect((await send(`${base}${pecPath}`, { headers: { Authorization: `Bearer ${arm}` } })).body.error.code).toBe(
      'MissingApiVersionParameter',
    );
    expect(
      (await send(`${base}${pecPath}?api-version=2017-01-01`, { headers: { Authorization: `Bearer ${arm}` } })).body
        .error.code,
    ).toBe('InvalidApiVersionParameter');
    // Every published version is served: the CLI 2.45 sends 2022-07-01, older SDKs 2019-09-01, previews exist too.
    for (const version of ['2019-09-01', '2022-07-01', '2024-12-01-preview', '2025-05-01']) {
      const res = await send(`${base}${pecPath}?api-version=${version}`, {
        headers: { Authorization: `Bearer ${arm}` },
      });
      expect(res.status, version).toBe(200);
    }
    const list = await send(`${base}${pecPath}?api-version=2024-11-01`, {
      headers: { Authorization: `Bearer ${arm}` },
    });
    expect(list.body.value[0]).toMatchObject({
      name: connection,
      type: 'Microsoft.KeyVault/vaults/privateEndpointConnections',
      properties: {
        provisioningState: 'Succeeded',
        privateLinkServiceConnectionState: { status: 'Pending', actionsRequired: 'None' },
      },
    });
    const missingVault = pecPath.replace('kv-payments', 'kv-missing');
    expect(
      (await send(`${base}${missingVault}?api-version=2023-07-01`, { headers: { Authorization: `Bearer ${arm}` } }))
        .body.error.code,
    ).toBe('ResourceNotFound');
    expect(
      (await send(`${base}${pecPath}/nope?api-version=2023-07-01`, { headers: { Authorization: `Bearer ${arm}` } }))
        .status,
    ).toBe(204);
  });

  it('refuses approval by an app without the approval permission (403 AuthorizationFailed)', async () => {
    const form = new URLSearchParams({
      client_id: viewer.clientId,
      client_secret: viewer.clientSecret,
      grant_type: 'client_credentials',
      scope: 'https://management.azure.com/.default',
    });
    const token = (
      (await (
        await fetch(`${base}/azure/login/${ids.tenant}/oauth2/v2.0/token`, { method: 'POST', body: form })
      ).json()) as { access_token: string }
    ).access_token;
    const res = await send(`${base}${pecPath}/${connection}?api-version=2023-07-01`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AuthorizationFailed');
  });

  it('removing the connection in Azure sends the Atlas endpoint to PENDING_RECREATION', async () => {
    const arm = await azureToken(base, 'arm');
    const del = await send(`${base}${pecPath}/${connection}?api-version=2023-07-01`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${arm}` },
    });
    expect(del.status).toBe(200);
    expect(del.body.properties.provisioningState).toBe('Disconnected');
    const atlas = new DigestClient(base, owner.user, owner.password);
    const list = await atlas.request(
      'GET',
      `/api/atlas/v2/groups/${ids.project}/encryptionAtRest/AZURE/privateEndpoints`,
      { accept: v('2023-01-01') },
    );
    expect(list.body.results.map((e: { status: string }) => e.status)).toEqual(['PENDING_RECREATION']);
  });

  it('gets a Key Vault key by version or latest, 404s an unknown one, 403s a disabled one', async () => {
    const kv = await azureToken(base, 'keyvault');
    const auth = { Authorization: `Bearer ${kv}` };
    const key = await send(
      `${base}/azure/keyvault/kv-payments/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f?api-version=7.5`,
      { headers: auth },
    );
    expect(key.status).toBe(200);
    expect(key.body.key).toMatchObject({ kid: ids.keyId, kty: 'RSA', e: 'AQAB' });
    expect(key.body.attributes).toMatchObject({ enabled: true, recoveryLevel: 'Recoverable+Purgeable' });
    const latest = await send(`${base}/azure/keyvault/kv-payments/keys/atlas?api-version=7.5`, { headers: auth });
    expect(latest.body.key.kid).toBe(ids.keyId2);
    expect(
      (await send(`${base}/azure/keyvault/kv-payments/keys/nope?api-version=7.5`, { headers: auth })).body.error.code,
    ).toBe('KeyNotFound');
    const noToken = await send(`${base}/azure/keyvault/kv-payments/keys/atlas?api-version=7.5`);
    expect(noToken.status).toBe(401);
    // The challenge names the HTTPS authority with the tenant as its first path segment (what the SDKs parse).
    expect(noToken.headers.get('www-authenticate')).toContain(`authorization="${sim.urls.loginHttps}/${ids.tenant}"`);
    for (const version of ['7.3', '7.4-preview.1', '7.6-preview.2', '2025-07-01']) {
      const res = await send(`${base}/azure/keyvault/kv-payments/keys/atlas?api-version=${version}`, { headers: auth });
      expect(res.status, version).toBe(200);
    }
    const unknown = await send(`${base}/azure/keyvault/kv-payments/keys/atlas?api-version=7.9`, { headers: auth });
    expect(unknown.body.error.code).toBe('BadParameter');
    await fetch(`${base}/__sim/vaults/kv-payments/keys/atlas/versions/78b9134f9bc94fda8027a32b4715bf3f`, {
      method: 'PATCH',
      body: JSON.stringify({ enabled: false }),
    });
    const disabled = await send(
      `${base}/azure/keyvault/kv-payments/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f?api-version=7.5`,
      { headers: auth },
    );
    expect(disabled.status).toBe(403);
    expect(disabled.body.error.innererror.code).toBe('KeyDisabled');
    expect(sim.contractViolations()).toEqual([]);
    const log = JSON.stringify(sim.requestLog());
    expect(log).toContain('"client_secret":"[REDACTED]"');
    expect(log).not.toContain(ids.clientSecret);
    expect(log).not.toContain(viewer.clientSecret);
  });

  it('Update Key enables a disabled key version; Atlas reports valid: false until its settings are sent again', async () => {
    const kv = await azureToken(base, 'keyvault');
    const atlas = new DigestClient(base, owner.user, owner.password);
    const ear = `/api/atlas/v2/groups/${ids.project}/encryptionAtRest`;
    const keyUrl = `${base}/azure/keyvault/kv-payments/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f?api-version=7.5`;
    const update = (body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${kv}` }) =>
      send(keyUrl, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    await fetch(`${base}/__sim/vaults/kv-payments/keys/atlas/versions/78b9134f9bc94fda8027a32b4715bf3f`, {
      method: 'PATCH',
      body: JSON.stringify({ enabled: false }),
    });
    // Atlas notices on its next look at the key, and pauses the clusters that use it.
    expect((await atlas.request('GET', ear, { accept: v('2023-01-01') })).body.azureKeyVault.valid).toBe(false);
    expect((await update({ attributes: { enabled: true } }, {})).status).toBe(401);
    const refused = await update({ attributes: { enabled: 'yes' } });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'BadParameter']);
    expect(refused.body.error.message).toContain('/attributes/enabled');
    expect((await update({ attributes: { enabled: true }, colour: 'blue' })).body.error.code).toBe('BadParameter');
    const enabled = await update({ attributes: { enabled: true } });
    expect(enabled.status).toBe(200);
    expect(enabled.body.key.kid).toBe(ids.keyId);
    expect(enabled.body.attributes.enabled).toBe(true);
    expect((await send(keyUrl, { headers: { Authorization: `Bearer ${kv}` } })).status).toBe(200);
    // Usable again in Key Vault, but Atlas validates a key only when its settings are written.
    expect((await atlas.request('GET', ear, { accept: v('2023-01-01') })).body.azureKeyVault.valid).toBe(false);
    const patched = await atlas.request('PATCH', ear, {
      accept: v('2023-01-01'),
      body: enableBody({ requirePrivateNetworking: true }),
    });
    expect(patched.status).toBe(200);
    expect(patched.body.azureKeyVault.valid).toBe(true);
    expect(patched.body.azureKeyVault).not.toHaveProperty('keyUnusableSinceMs');
    expect(sim.contractViolations()).toEqual([]);
  });

  it('Get Key Versions lists every version with its attributes, a disabled and expired one too, in pages', async () => {
    const auth = { Authorization: `Bearer ${await azureToken(base, 'keyvault')}` };
    const control = `${base}/__sim/vaults/kv-payments/keys/atlas/versions/78b9134f9bc94fda8027a32b4715bf3f`;
    await fetch(control, {
      method: 'PATCH',
      body: JSON.stringify({ enabled: false, expires: '2020-01-01T00:00:00Z' }),
    });
    const versions = `${base}/azure/keyvault/kv-payments/keys/atlas/versions?api-version=7.5`;
    const all = await send(versions, { headers: auth });
    expect(all.status).toBe(200);
    expect(all.body.value.map((k: { kid: string }) => k.kid)).toEqual([ids.keyId, ids.keyId2]);
    expect(all.body.value[0].attributes).toMatchObject({ enabled: false, exp: 1577836800 });
    expect(all.body).not.toHaveProperty('nextLink');
    // A page of one, then the link to the next: the URL the client asked for, moved on.
    const first = await send(`${versions}&maxresults=1`, { headers: auth });
    expect(first.body.value.map((k: { kid: string }) => k.kid)).toEqual([ids.keyId]);
    expect(first.body.nextLink.startsWith(`${base}/azure/keyvault/kv-payments/keys/atlas/versions?`)).toBe(true);
    const second = await send(first.body.nextLink as string, { headers: auth });
    expect(second.body.value.map((k: { kid: string }) => k.kid)).toEqual([ids.keyId2]);
    expect(second.body).not.toHaveProperty('nextLink');
    expect((await send(`${versions}&maxresults=26`, { headers: auth })).body.error.code).toBe('BadParameter');
    const unknown = await send(`${base}/azure/keyvault/kv-payments/keys/nope/versions?api-version=7.5`, {
      headers: auth,
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'KeyNotFound']);
    expect((await send(versions)).status).toBe(401);
    expect(sim.contractViolations()).toEqual([]);
    await fetch(control, { method: 'PATCH', body: JSON.stringify({ enabled: true, expires: null }) });
  });

  it("serves Entra ID in login.microsoftonline.com's layout: tenant first, double-slash scopes, v1 resource, AD FS", async () => {
    const post = (path: string, form: Record<string, string>) =>
      send(`${base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: ids.clientId,
          client_secret: ids.clientSecret,
          grant_type: 'client_credentials',
          ...form,
        }).toString(),
      });
    // What the CLI and the SDKs send for ARM: the resource's App ID URI ends with a slash.
    const doubled = await post(`/${ids.tenant}/oauth2/v2.0/token`, {
      scope: 'https://management.core.windows.net//.default',
    });
    expect(doubled.status).toBe(200);
    const armToken = doubled.body.access_token as string;
    expect(
      (await send(`${base}${pecPath}?api-version=2023-07-01`, { headers: { Authorization: `Bearer ${armToken}` } }))
        .status,
    ).toBe(200);
    const withOidc = await post(`/${ids.tenant}/oauth2/v2.0/token`, {
      scope: 'https://vault.azure.net/.default offline_access openid profile',
    });
    expect(withOidc.status).toBe(200);
    const v1 = await post(`/${ids.tenant}/oauth2/token`, { resource: 'https://management.core.windows.net/' });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ token_type: 'Bearer', resource: 'https://management.core.windows.net/' });
    const two = await post(`/${ids.tenant}/oauth2/v2.0/token`, {
      scope: 'https://vault.azure.net/.default https://management.azure.com/.default',
    });
    expect(two.body.error).toBe('invalid_scope');
    const oidc = await send(`${base}/${ids.tenant}/v2.0/.well-known/openid-configuration`);
    expect(oidc.body.token_endpoint).toBe(`${base}/${ids.tenant}/oauth2/v2.0/token`);
    expect(oidc.body.issuer).toBe(`${base}/${ids.tenant}/v2.0`);
    expect((await send(`${base}/common/discovery/instance?api-version=1.1`)).body.tenant_discovery_endpoint).toBe(
      `${base}/common/v2.0/.well-known/openid-configuration`,
    );
    // AD FS authority (no tenant in the path): the app names its tenant; an unknown app is still refused.
    const adfs = await send(`${base}/adfs/.well-known/openid-configuration`);
    expect(adfs.body.token_endpoint).toBe(`${base}/adfs/oauth2/v2.0/token`);
    expect(
      (await post('/adfs/oauth2/v2.0/token', { scope: 'https://management.core.windows.net//.default' })).status,
    ).toBe(200);
    const stranger = await send(`${base}/adfs/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: '00000000-0000-0000-0000-000000000001',
        client_secret: 'x',
        grant_type: 'client_credentials',
        scope: 'https://vault.azure.net/.default',
      }),
    });
    expect(stranger.body.error).toBe('unauthorized_client');
  });

  it('lists the subscriptions and tenants of the caller (what az login reads), with ARM version errors', async () => {
    const arm = await azureToken(base, 'arm');
    const auth = { Authorization: `Bearer ${arm}` };
    const list = await send(`${base}/azure/arm/subscriptions?api-version=2022-12-01`, { headers: auth });
    expect(list.status).toBe(200);
    expect(list.body.value).toEqual([
      expect.objectContaining({
        id: `/subscriptions/${ids.subscription}`,
        subscriptionId: ids.subscription,
        tenantId: ids.tenant,
        state: 'Enabled',
      }),
    ]);
    const one = await send(`${base}/azure/arm/subscriptions/${ids.subscription}?api-version=2019-11-01`, {
      headers: auth,
    });
    expect(one.body.subscriptionId).toBe(ids.subscription);
    const other = await send(
      `${base}/azure/arm/subscriptions/00000000-0000-0000-0000-000000000000?api-version=2019-11-01`,
      { headers: auth },
    );
    expect([other.status, other.body.error.code]).toEqual([404, 'SubscriptionNotFound']);
    expect((await send(`${base}/azure/arm/tenants?api-version=2020-01-01`, { headers: auth })).body.value).toEqual([
      expect.objectContaining({ tenantId: ids.tenant }),
    ]);
    const bad = await send(`${base}/azure/arm/subscriptions?api-version=2099-01-01`, { headers: auth });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'InvalidApiVersionParameter']);
    expect(bad.body.error.message).toContain("The api-version '2099-01-01' is invalid.");
    expect((await send(`${base}/azure/arm/subscriptions?api-version=2022-12-01`)).status).toBe(401);
  });

  it('serves HTTPS with a leaf certificate made for this run, trusted through the printed path only', async () => {
    const ca = readFileSync(sim.caCertificatePath);
    const get = (url: string, options: { ca?: Buffer }) =>
      new Promise<number>((resolve, reject) => {
        httpsGet(url, options, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
    expect(await get(`${sim.urls.loginHttps}/${ids.tenant}/v2.0/.well-known/openid-configuration`, { ca })).toBe(200);
    expect(
      await get(`https://localhost:${sim.httpsPort}/${ids.tenant}/v2.0/.well-known/openid-configuration`, { ca }),
    ).toBe(200);
    await expect(get(`${sim.urls.loginHttps}/common/discovery/instance`, {})).rejects.toThrow(/self[- ]signed/i);
    const cert = new X509Certificate(ca);
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toBe(
      'DNS:localhost, DNS:*.vault.localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(statSync(sim.caCertificatePath.replace('loopback-cert.pem', 'loopback-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('tunnels CONNECT to a vault host name on its own HTTPS port, and refuses every other target', async () => {
    const connectTo = (target: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = netConnect(sim.port, '127.0.0.1', () =>
          socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`),
        );
        socket.once('data', (d) => {
          resolve(d.toString().split('\r\n')[0] ?? '');
          socket.destroy();
        });
        socket.once('error', reject);
      });
    expect(await connectTo(`kv-payments.vault.localhost:${sim.httpsPort}`)).toBe('HTTP/1.1 200 Connection Established');
    expect(await connectTo('login.microsoftonline.com:443')).toBe('HTTP/1.1 403 Forbidden');
    expect(await connectTo(`kv-payments.vault.localhost:${sim.port}`)).toBe('HTTP/1.1 403 Forbidden');
    expect(await connectTo(`127.0.0.1:${sim.httpsPort}`)).toBe('HTTP/1.1 403 Forbidden');
    expect(sim.urls.keyVaultByName).toBe(`https://{vaultName}.vault.localhost:${sim.httpsPort}`);
  });
});
