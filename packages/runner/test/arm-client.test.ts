import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSim, type SimFixture } from '@atlas-cmk/atlas-sim';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { AuthError, AzureApiError, createArmClient, type AzureConfig, type HttpEvent } from '../src/index.js';
import { sendJson, startServer, type LoopbackServer, type SeenRequest } from './support/loopback-server.js';

const vault = {
  subscriptionId: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
  resourceGroupName: 'rg-payments',
  vaultName: 'kv-payments',
};
const base = `/subscriptions/${vault.subscriptionId}/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments/privateEndpointConnections`;
/** The api-version @azure/arm-keyvault 4.0.0 sends (its default, one ARM publishes). */
const SDK_API_VERSION = '2025-05-01';
const pec = (name: string, status: string) => ({
  id: `${base}/${name}`,
  name,
  type: 'Microsoft.KeyVault/vaults/privateEndpointConnections',
  properties: {
    provisioningState: 'Succeeded',
    privateLinkServiceConnectionState: { status, description: '', actionsRequired: 'None' },
  },
});

/** A fake Entra ID + ARM on one loopback server. */
async function startAzure(): Promise<LoopbackServer> {
  let issued = 0;
  const state = new Map([['pec-1', 'Pending']]);
  return startServer((seen, res) => {
    // Entra ID and ARM live under path prefixes, as in the simulator.
    if (!/^\/azure\/(arm|login)\//.test(seen.url))
      return sendJson(res, 404, { error: { code: 'NotFound', message: 'no such prefix' } });
    const req = { ...seen, url: seen.url.replace(/^\/azure\/(arm|login)/, '') };
    if (seen.url === '/azure/login/tenant-1/oauth2/v2.0/token') {
      const form = new URLSearchParams(req.body);
      if (form.get('client_secret') !== 'az-secret')
        return sendJson(res, 401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
        });
      issued += 1;
      return sendJson(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        access_token: `arm-${issued}-${form.get('scope')}`,
      });
    }
    if (!req.headers.authorization?.startsWith('Bearer arm-'))
      return sendJson(res, 401, { error: { code: 'AuthenticationFailed', message: 'no token' } });
    const url = new URL(req.url, 'http://x');
    if (url.searchParams.get('api-version') !== SDK_API_VERSION)
      return sendJson(res, 400, { error: { code: 'InvalidApiVersionParameter', message: 'bad version' } });
    const name = url.pathname.startsWith(`${base}/`)
      ? decodeURIComponent(url.pathname.slice(base.length + 1))
      : undefined;
    if (url.pathname === base) {
      if (url.searchParams.get('page') === '2') return sendJson(res, 200, { value: [pec('pec-2', 'Approved')] });
      return sendJson(res, 200, {
        value: [pec('pec-1', state.get('pec-1') ?? '')],
        nextLink: `http://${req.headers.host}/azure/arm${base}?api-version=${SDK_API_VERSION}&page=2`,
      });
    }
    if (name === undefined) return sendJson(res, 404, { error: { code: 'ResourceNotFound', message: 'no' } });
    switch (req.method) {
      case 'GET':
        if (!state.has(name)) {
          res.writeHead(204);
          return res.end();
        }
        return sendJson(res, 200, pec(name, state.get(name) ?? ''));
      case 'PUT': {
        const body = JSON.parse(req.body) as { properties: { privateLinkServiceConnectionState: { status: string } } };
        state.set(name, body.properties.privateLinkServiceConnectionState.status);
        return sendJson(res, 200, pec(name, body.properties.privateLinkServiceConnectionState.status));
      }
      default:
        return sendJson(res, 405, { error: { code: 'MethodNotAllowed', message: 'no' } });
    }
  });
}

const configFor = (url: string, secret = 'az-secret'): AzureConfig => ({
  tenantId: 'tenant-1',
  clientId: 'app-1',
  clientSecret: secret,
  authorityHost: `${url}/azure/login`,
  armUrl: `${url}/azure/arm/`,
  armScope: 'https://management.azure.com/.default',
});

describe('ARM client for Key Vault private endpoint connections', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => server?.close());

  it('lists (following nextLink), approves and reads through @azure/arm-keyvault with one cached ARM token', async () => {
    server = await startAzure();
    const arm = createArmClient(configFor(server.url));
    const listed = await arm.listPrivateEndpointConnections(vault);
    expect(listed.map((c) => [c.name, c.privateLinkServiceConnectionState?.status])).toEqual([
      ['pec-1', 'Pending'],
      ['pec-2', 'Approved'],
    ]);
    const approved = await arm.setPrivateEndpointConnectionStatus(vault, 'pec-1', 'Approved', 'Approved by atlas-cmk');
    expect(approved.privateLinkServiceConnectionState?.status).toBe('Approved');
    const put = server.requests.find((r) => r.method === 'PUT');
    expect(JSON.parse(put?.body ?? '')).toEqual({
      properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'Approved by atlas-cmk' } },
    });
    expect(put?.headers['content-type']).toBe('application/json');
    expect(put?.headers['user-agent']).toMatch(/azsdk-js-arm-keyvault\/4\.0\.0/);
    expect((await arm.getPrivateEndpointConnection(vault, 'pec-1'))?.privateLinkServiceConnectionState?.status).toBe(
      'Approved',
    );
    // ARM answers 204 for a connection that does not exist.
    expect(await arm.getPrivateEndpointConnection(vault, 'pec-9')).toBeUndefined();
    const tokenRequests = server.requests.filter((r) => r.url.endsWith('/oauth2/v2.0/token'));
    expect(tokenRequests).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(tokenRequests[0]?.body))).toEqual({
      client_id: 'app-1',
      scope: 'https://management.azure.com/.default',
      client_secret: 'az-secret',
      grant_type: 'client_credentials',
    });
  });

  it('refuses a nextLink to another host instead of sending it the token', async () => {
    server = await startServer((req, res) => {
      if (req.url.includes('/oauth2/v2.0/token')) return sendJson(res, 200, { access_token: 'tok', expires_in: 3599 });
      return sendJson(res, 200, { value: [], nextLink: 'https://evil.example.com/next' });
    });
    const error = await createArmClient(configFor(server.url))
      .listPrivateEndpointConnections(vault)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'azureApi', code: 'UnexpectedNextLink' });
    expect(server.requests).toHaveLength(2);
  });

  it('keeps one token per scope', async () => {
    server = await startAzure();
    const arm = createArmClient(configFor(server.url));
    const first = await arm.tokens.getToken('https://management.azure.com/.default');
    const vaultToken = await arm.tokens.getToken('https://vault.azure.net/.default');
    expect(first).not.toBe(vaultToken);
    expect(await arm.tokens.getToken('https://vault.azure.net/.default')).toBe(vaultToken);
    expect(server.requests).toHaveLength(2);
  });

  it('reports a refused Entra secret as AuthError and an ARM error body as AzureApiError', async () => {
    server = await startAzure();
    const refused = await createArmClient(configFor(server.url, 'wrong'))
      .listPrivateEndpointConnections(vault)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthError);
    expect((refused as AuthError).message).toContain('AZURE_CLIENT_SECRET');
    const arm = createArmClient(configFor(server.url));
    const error = await arm
      .setPrivateEndpointConnectionStatus({ ...vault, vaultName: '' }, 'x', 'Rejected', 'no')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureApiError);
    expect(error).toMatchObject({ status: 404, code: 'ResourceNotFound' });
  });
});

/** A fake Entra ID (token `arm-token-Vq93`) with `arm` answering every ARM request. */
async function startArm(arm: (seen: SeenRequest, res: ServerResponse) => unknown): Promise<LoopbackServer> {
  return startServer((seen, res) => {
    if (seen.url.includes('/oauth2/v2.0/token'))
      return sendJson(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: 'arm-token-Vq93' });
    return arm(seen, res);
  });
}

describe('the SDK sends through the runner transport: one retry layer, its redaction and its signal', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => server?.close());
  const armRequests = (s: LoopbackServer): SeenRequest[] => s.requests.filter((r) => r.url.startsWith('/azure/arm/'));
  const instant = { sleep: () => Promise.resolve(), random: () => 0 };

  it('a transient 503 is retried by the transport alone: at most maxAttempts requests, with retry events', async () => {
    server = await startArm((_seen, res) =>
      sendJson(res, 503, { error: { code: 'ServiceUnavailable', message: 'busy' } }),
    );
    const events: HttpEvent[] = [];
    const error = await createArmClient(configFor(server.url), { ...instant, onEvent: (e) => events.push(e) })
      .getPrivateEndpointConnection(vault, 'pec-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureApiError);
    expect(error).toMatchObject({
      status: 503,
      code: 'ServiceUnavailable',
      operation: 'armGetPrivateEndpointConnection',
    });
    // The SDK's own retry policy (3 retries of each attempt) would make this 5 × 4 = 20.
    expect(armRequests(server)).toHaveLength(5);
    expect(events.filter((e) => e.kind === 'retry')).toHaveLength(4);
  });

  it('a connection reset is retried by the transport alone: at most maxAttempts requests', async () => {
    server = await startArm((_seen, res) => res.destroy());
    const error = await createArmClient(configFor(server.url), instant)
      .listPrivateEndpointConnections(vault)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transport', operation: 'armListPrivateEndpointConnections' });
    expect(armRequests(server)).toHaveLength(5);
  });

  it('a 503 with Retry-After, then success: two requests, the wait at least Retry-After', async () => {
    let calls = 0;
    server = await startArm((_seen, res) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '7' });
        return res.end(JSON.stringify({ error: { code: 'ServiceUnavailable', message: 'busy' } }));
      }
      return sendJson(res, 200, pec('pec-1', 'Pending'));
    });
    const waits: number[] = [];
    const arm = createArmClient(configFor(server.url), {
      random: () => 0,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    const got = await arm.getPrivateEndpointConnection(vault, 'pec-1');
    expect(got?.privateLinkServiceConnectionState?.status).toBe('Pending');
    expect(armRequests(server)).toHaveLength(2);
    expect(waits).toEqual([7000]);
  });

  it('a 403 echoing the bearer token keeps ARM’s code and message, without the token in any encoding', async () => {
    server = await startArm((seen, res) =>
      sendJson(res, 403, {
        error: {
          code: 'AuthorizationFailed',
          message: `The client with token ${seen.headers.authorization ?? ''} does not have authorization`,
        },
      }),
    );
    const error = await createArmClient(configFor(server.url))
      .setPrivateEndpointConnectionStatus(vault, 'pec-1', 'Approved', 'Approved by atlas-cmk')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureApiError);
    expect(error).toMatchObject({
      status: 403,
      code: 'AuthorizationFailed',
      operation: 'armPutPrivateEndpointConnection',
    });
    const shown = [String(error), (error as Error).stack ?? '', JSON.stringify(error)].join('\n');
    expect(shown).toContain('does not have authorization');
    for (const form of [
      'arm-token-Vq93',
      Buffer.from('arm-token-Vq93').toString('base64'),
      encodeURIComponent('arm-token-Vq93'),
    ])
      expect(shown).not.toContain(form);
    // A PUT is repeated only on transient failures: a 403 is sent once.
    expect(armRequests(server)).toHaveLength(1);
  });

  it('a success whose body is not JSON is an InvalidResponseBody error that does not quote the body', async () => {
    server = await startArm((_seen, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>proxy page arm-token-Vq93</html>');
    });
    const error = await createArmClient(configFor(server.url))
      .listPrivateEndpointConnections(vault)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'azureApi', code: 'InvalidResponseBody' });
    expect(String(error)).not.toContain('proxy page');
  });

  it('the caller’s signal cancels a request the SDK is waiting on', async () => {
    server = await startArm(() => undefined);
    const controller = new AbortController();
    const pending = createArmClient(configFor(server.url))
      .listPrivateEndpointConnections(vault, { signal: controller.signal })
      .catch((e: unknown) => e);
    while (armRequests(server).length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted', operation: 'armListPrivateEndpointConnections' });
  });
});

const TENANT = '1f6ef922-9303-402a-bae2-cc68810b023c';
const APP_ID = 'b054a9ff-b60a-4cb6-8df6-20726eaefce6';
const SIM_SECRET = 'sim-azure-client-secret-value-Qx81';
const ISSUER = 'https://oidc.aks.example.com/6f1c1e2a';
const SUBJECT = 'system:serviceaccount:platform:atlas-cmk';

/** An Azure-only world: one app (secret and a federated credential) and the payments vault. */
const azureFixture: SimFixture = {
  organizations: [],
  azure: {
    apps: [
      {
        tenantId: TENANT,
        clientId: APP_ID,
        clientSecret: SIM_SECRET,
        federatedCredentials: [{ issuer: ISSUER, subject: SUBJECT }],
      },
    ],
    vaults: [
      { name: 'kv-payments', resourceGroup: 'rg-payments', subscriptionId: vault.subscriptionId, tenantId: TENANT },
    ],
  },
};

/** A federated token as a Kubernetes projected service account token looks to Entra ID (unsigned here). */
function federatedToken(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ aud: ['api://AzureADTokenExchange'], iss: ISSUER, sub: SUBJECT, exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.c2ln`;
}

describe('ARM client signing in through @azure/identity (atlas-sim over HTTPS)', () => {
  let sim: RunningSim | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const simConfig = (running: RunningSim, over: Partial<AzureConfig> = {}): AzureConfig => ({
    tenantId: TENANT,
    clientId: APP_ID,
    authorityHost: running.urls.loginHttps,
    extraCaFile: running.caCertificatePath,
    armUrl: running.urls.arm,
    armScope: 'https://management.azure.com/.default',
    ...over,
  });
  const logged = (running: RunningSim): string[] =>
    running.requestLog().map((e) => `${e.method} ${e.path.replace(/\?.*$/, '')} ${e.status}`);

  it('client secret: MSAL reads the tenant metadata over HTTPS, skips instance discovery, and the token is reused', async () => {
    sim = await startSimulator({ fixture: azureFixture, manualClock: true });
    const arm = createArmClient(simConfig(sim, { clientSecret: SIM_SECRET }));
    expect(await arm.listPrivateEndpointConnections(vault)).toEqual([]);
    expect(await arm.getPrivateEndpointConnection(vault, 'none')).toBeUndefined();
    expect(logged(sim)).toEqual([
      // login.microsoftonline.com's layout: the tenant is the first path segment of the authority.
      `GET /${TENANT}/v2.0/.well-known/openid-configuration 200`,
      `POST /${TENANT}/oauth2/v2.0/token 200`,
      expect.stringMatching(/^GET \/azure\/arm\/subscriptions\/.*\/privateEndpointConnections 200$/),
      expect.stringMatching(/^GET \/azure\/arm\/subscriptions\/.*\/privateEndpointConnections\/none 204$/),
    ]);
    const tokenRequest = sim.requestLog().find((e) => e.operationId === 'entraToken');
    expect(tokenRequest?.body).toMatchObject({
      grant_type: 'client_credentials',
      client_id: APP_ID,
      scope: 'https://management.azure.com/.default',
      client_secret: '[REDACTED]',
    });
  });

  it('a token ARM calls expired is replaced by a fresh one from a new credential, not from MSAL’s cache', async () => {
    sim = await startSimulator({ fixture: azureFixture, manualClock: true });
    const arm = createArmClient(simConfig(sim, { clientSecret: SIM_SECRET }));
    await arm.listPrivateEndpointConnections(vault);
    await sim.advance(2 * 3600);
    expect(await arm.listPrivateEndpointConnections(vault)).toEqual([]);
    expect(logged(sim).filter((line) => line.includes('/oauth2/v2.0/token'))).toHaveLength(2);
    expect(logged(sim).filter((line) => line.endsWith(' 401'))).toHaveLength(1);
  });

  it('a refused client secret is an AuthError with Entra’s reason and what to check, without the secret', async () => {
    sim = await startSimulator({ fixture: azureFixture, manualClock: true });
    const wrong = 'wrong-secret-value-Zt55';
    const error = await createArmClient(simConfig(sim, { clientSecret: wrong }))
      .listPrivateEndpointConnections(vault)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const message = (error as AuthError).message;
    expect(message).toContain(`Azure sign-in failed (${sim.urls.loginHttps}/${TENANT}/oauth2/v2.0/token)`);
    expect(message).toContain('AADSTS7000215');
    expect(message).toContain('Check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.');
    expect(message).not.toContain(wrong);
    expect(message).not.toContain('\n');
  });

  it('workload identity: the federated token file signs in; an untrusted subject is refused clearly', async () => {
    sim = await startSimulator({ fixture: azureFixture, manualClock: true });
    dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-wi-'));
    const tokenFile = join(dir, 'azure-identity-token');
    writeFileSync(tokenFile, federatedToken({}));
    const arm = createArmClient(simConfig(sim, { federatedTokenFile: tokenFile }));
    expect(await arm.listPrivateEndpointConnections(vault)).toEqual([]);
    expect(sim.requestLog().find((e) => e.operationId === 'entraToken')?.body).toMatchObject({
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: '[REDACTED]',
      client_id: APP_ID,
    });

    writeFileSync(tokenFile, federatedToken({ sub: 'system:serviceaccount:other:intruder' }));
    const error = await createArmClient(simConfig(sim, { federatedTokenFile: tokenFile }))
      .listPrivateEndpointConnections(vault)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain('AADSTS70021');
    expect((error as AuthError).message).toContain('AZURE_FEDERATED_TOKEN_FILE');
  });

  it('a plain-http authority works only with a client secret (MSAL refuses http)', () => {
    const config = { ...configFor('http://127.0.0.1:1'), clientSecret: undefined, federatedTokenFile: '/tmp/t' };
    expect(() => createArmClient(config)).toThrow(/works only with AZURE_CLIENT_SECRET/);
  });

  it('an unreadable extra CA file is a ConfigError naming it', () => {
    expect(() =>
      createArmClient({ ...configFor('https://login.example.com'), extraCaFile: '/nonexistent/ca.pem' }),
    ).toThrow(/NODE_EXTRA_CA_CERTS names \/nonexistent\/ca.pem, which cannot be read/);
  });
});
