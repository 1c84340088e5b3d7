import { inspect } from 'node:util';
import { secretForms } from '@atlas-cmk/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createArmClient, createAtlasClient, redactUrl, type HttpEvent } from '../src/index.js';
import { apiError, sendJson, startServer, withDigest, type LoopbackServer } from './support/loopback-server.js';

const CANARIES = [
  'PRIVKEY-canary-1f2e',
  'SASECRET-canary-9a8b',
  'TOKEN-canary-3c4d',
  'KVSECRET-canary-5e6f',
  'AZSECRET-canary-7a7a',
];

/** Everything a thrown error exposes: message, stack, enumerable props (JSON), inspect output, the cause chain. */
function exposed(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let i = 0; i < 5 && current instanceof Error; i += 1) {
    parts.push(current.message, current.stack ?? '', JSON.stringify(current), inspect(current, { depth: 5 }));
    current = current.cause;
  }
  return parts.join('\n');
}

function expectNoCanary(text: string): void {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
}

describe('secrets never leave through errors or events', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => server?.close());

  it('a server echoing the Key Vault secret and the API key in its error does not leak them', async () => {
    server = await startServer(
      withDigest(
        'pub',
        CANARIES[0]!,
        () => 'n',
        (req, res) => {
          const sent = JSON.parse(req.body) as { azureKeyVault: { secret: string } };
          sendJson(
            res,
            400,
            apiError(
              400,
              'INVALID_AZURE_CREDENTIALS',
              `bad secret ${sent.azureKeyVault.secret} for key ${CANARIES[0]}`,
              [sent.azureKeyVault.secret],
            ),
          );
        },
      ),
    );
    const events: HttpEvent[] = [];
    const client = createAtlasClient(
      { baseUrl: server.url, credentials: { kind: 'apiKey', publicKey: 'pub', privateKey: CANARIES[0]! } },
      { onEvent: (e) => events.push(e) },
    );
    const error = await client
      .updateEncryptionAtRest('66c9e8f1dd6c9960802420e9', { azureKeyVault: { enabled: true, secret: CANARIES[3]! } })
      .catch((e: unknown) => e);
    expect(exposed(error)).toContain('INVALID_AZURE_CREDENTIALS');
    expect(exposed(error)).toContain('bad secret *** for key ***');
    expectNoCanary(exposed(error));
    expectNoCanary(JSON.stringify(events));
    expect(events.length).toBeGreaterThan(0);
  });

  it('service account secret and bearer token stay out of errors and events', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/api/oauth/token') return sendJson(res, 200, { access_token: CANARIES[2], expires_in: 3600 });
      return sendJson(res, 503, apiError(503, 'SERVICE_UNAVAILABLE', `token ${CANARIES[2]} rejected`));
    });
    const events: HttpEvent[] = [];
    const client = createAtlasClient(
      { baseUrl: server.url, credentials: { kind: 'serviceAccount', clientId: 'id', clientSecret: CANARIES[1]! } },
      { onEvent: (e) => events.push(e), sleep: async () => undefined, retry: { maxAttempts: 2 } },
    );
    const error = await client.getEncryptionAtRest('66c9e8f1dd6c9960802420e9').catch((e: unknown) => e);
    expect(exposed(error)).toContain('SERVICE_UNAVAILABLE');
    expectNoCanary(exposed(error));
    expectNoCanary(JSON.stringify(events));
  });

  it('the Entra client secret stays out of a token error', async () => {
    server = await startServer((req, res) =>
      sendJson(res, 401, {
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret provided: ${new URLSearchParams(req.body).get('client_secret')}`,
      }),
    );
    const arm = createArmClient({
      tenantId: 't',
      clientId: 'c',
      clientSecret: CANARIES[4]!,
      authorityHost: server.url,
      armUrl: server.url,
      armScope: 'https://management.azure.com/.default',
    });
    const error = await arm
      .listPrivateEndpointConnections({
        subscriptionId: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
        resourceGroupName: 'rg',
        vaultName: 'kv',
      })
      .catch((e: unknown) => e);
    expect(exposed(error)).toContain('invalid_client');
    expectNoCanary(exposed(error));
  });

  it('a network failure chain (undici error included) carries no credential', async () => {
    server = await startServer(
      withDigest(
        'pub',
        CANARIES[0]!,
        () => 'n',
        (_req, _res, raw) => {
          raw.socket.destroy();
        },
      ),
    );
    const client = createAtlasClient(
      { baseUrl: server.url, credentials: { kind: 'apiKey', publicKey: 'pub', privateKey: CANARIES[0]! } },
      { sleep: async () => undefined, retry: { maxAttempts: 2 } },
    );
    const error = await client
      .updateEncryptionAtRest('66c9e8f1dd6c9960802420e9', { azureKeyVault: { enabled: true, secret: CANARIES[3]! } })
      .catch((e: unknown) => e);
    expect(exposed(error)).toContain('UND_ERR_SOCKET');
    expectNoCanary(exposed(error));
  });

  it('a server echoing secrets in every encoding (JSON, URL, form, Base64, HTTP Basic) leaks none of them', async () => {
    // Characters that JSON, URLs and Base64 alignments each treat differently.
    const vaultSecret = 'KV~"sec\\ret/+=&%-canary-5e6f';
    const saSecret = 'SA~"sec\\ret/+=&%-canary-9a8b';
    const echo = (secret: string, basic: string): string =>
      [
        `raw ${secret}`,
        `json ${JSON.stringify({ secret })}`,
        `url ${encodeURIComponent(secret)}`,
        `form ${new URLSearchParams({ client_secret: secret }).toString()}`,
        `base64 ${Buffer.from(secret).toString('base64')}`,
        `basic ${basic}`,
      ].join('; ');
    let basic = '';
    server = await startServer((req, res) => {
      if (req.url === '/api/oauth/token') {
        basic = req.headers.authorization ?? '';
        return sendJson(res, 200, { access_token: 'bearer-for-test', expires_in: 3600 });
      }
      const sent = JSON.parse(req.body) as { azureKeyVault: { secret: string } };
      return sendJson(
        res,
        400,
        apiError(400, 'INVALID_AZURE_CREDENTIALS', echo(sent.azureKeyVault.secret, basic), [echo(saSecret, basic)]),
      );
    });
    const events: HttpEvent[] = [];
    const client = createAtlasClient(
      {
        baseUrl: server.url,
        credentials: { kind: 'serviceAccount', clientId: 'mdb_sa_id_6644', clientSecret: saSecret },
      },
      { onEvent: (e) => events.push(e) },
    );
    const error = await client
      .updateEncryptionAtRest('66c9e8f1dd6c9960802420e9', { azureKeyVault: { enabled: true, secret: vaultSecret } })
      .catch((e: unknown) => e);
    expect(basic).toMatch(/^Basic /);
    const text = `${exposed(error)}\n${JSON.stringify(events)}`;
    expect(text).toContain('INVALID_AZURE_CREDENTIALS');
    for (const secret of [vaultSecret, saSecret]) {
      const forms = secretForms(secret);
      for (const form of [...forms.literal, ...forms.base64]) expect(text).not.toContain(form);
    }
    expect(text).not.toContain(basic.slice('Basic '.length));
  });

  it('Azure Resource Manager errors echoing the Entra secret in Base64 or JSON leak nothing', async () => {
    const entraSecret = 'AZ~"sec\\ret/+=&%-canary-7a7a';
    server = await startServer((req, res) => {
      if (req.url?.includes('/oauth2/v2.0/token'))
        return sendJson(res, 200, { access_token: 'arm-token', expires_in: 3600, token_type: 'Bearer' });
      return sendJson(res, 403, {
        error: {
          code: 'AuthorizationFailed',
          message: `denied for ${JSON.stringify(entraSecret)} (${Buffer.from(`c:${entraSecret}`).toString('base64')}) ${encodeURIComponent(entraSecret)}`,
        },
      });
    });
    const arm = createArmClient({
      tenantId: 't',
      clientId: 'c',
      clientSecret: entraSecret,
      authorityHost: server.url,
      armUrl: server.url,
      armScope: 'https://management.azure.com/.default',
    });
    const error = await arm
      .listPrivateEndpointConnections({
        subscriptionId: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
        resourceGroupName: 'rg',
        vaultName: 'kv',
      })
      .catch((e: unknown) => e);
    const text = exposed(error);
    expect(text).toContain('AuthorizationFailed');
    for (const form of [...secretForms(entraSecret).literal, ...secretForms(entraSecret).base64])
      expect(text).not.toContain(form);
  });

  it('redactUrl drops user info and sensitive query values', () => {
    expect(redactUrl('https://u:p@host/a?client_secret=x&pageNum=2&sig=abc')).toBe(
      'https://host/a?client_secret=***&pageNum=2&sig=***',
    );
  });
});
