import { parseBasicAuth } from './basic-auth.js';
import { checkFederatedAssertion, JWT_BEARER_ASSERTION } from './federated-assertion.js';
import { hashToken, randomHex } from './ids.js';
import type { SimResponse } from './sim-response.js';
import type { AzureAppState, World } from './world-types.js';

/** Token audiences the simulator issues, by resource (App ID URI, without trailing slashes). */
const resources: Record<string, 'arm' | 'keyvault' | 'graph'> = {
  'https://management.azure.com': 'arm',
  'https://management.core.windows.net': 'arm',
  'https://vault.azure.net': 'keyvault',
  'https://graph.microsoft.com': 'graph',
};

/** The path segment of an AD FS authority, which MSAL and `az` never validate against Microsoft's discovery. */
export const adfsTenant = 'adfs';

/** OpenID Connect scopes MSAL may add to any request; they name no resource. */
const oidcScopes = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * The resource a v2 `scope` (`<resource>/.default`, `<resource>//.default` as the CLI and SDKs send for a resource
 * whose App ID URI ends with a slash) or a v1 `resource` names. Exactly one resource scope is allowed, as in Entra.
 */
export function resourceOf(scope: string): string | undefined {
  const named = scope.split(/\s+/).filter((s) => s !== '' && !oidcScopes.has(s.toLowerCase()));
  if (named.length !== 1) return undefined;
  const only = named[0] ?? '';
  const resource = only.endsWith('/.default') ? only.slice(0, -'/.default'.length) : only;
  return resource.replace(/\/+$/, '').toLowerCase();
}

export function entraError(status: number, error: string, code: number, description: string): SimResponse {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}`,
      error_codes: [code],
      timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z',
      trace_id: randomHex(32),
      correlation_id: randomHex(32),
    },
    contentType: 'application/json; charset=utf-8',
  };
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * `POST {authority}/{tenant}/oauth2/v2.0/token`: Entra ID client credentials, with a client secret (form body or
 * HTTP Basic) or a federated token as client assertion (workload identity).
 */
export function entraToken(
  world: World,
  tenantId: string,
  authorization: string | undefined,
  form: URLSearchParams,
  nowMs: number,
  issuerBase: string,
): SimResponse {
  if (form.get('grant_type') !== 'client_credentials')
    return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  const basic = parseBasicAuth(authorization);
  const clientId = basic?.id ?? form.get('client_id') ?? '';
  // v2 sends `scope`; v1 (`/oauth2/token`) sends `resource`.
  const v1Resource = form.get('resource');
  const scope = form.get('scope') ?? (v1Resource !== null ? `${v1Resource}/.default` : '');
  const audience = audienceOf(scope);
  // An AD FS authority (`/adfs`, Azure Stack Hub's layout) has no tenant in its path: the app names its tenant.
  const app = world.azureApps.find(
    (a) =>
      a.clientId === clientId &&
      (tenantId.toLowerCase() === adfsTenant || a.tenantId.toLowerCase() === tenantId.toLowerCase()),
  );
  if (!app)
    return entraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`,
    );
  const assertionType = form.get('client_assertion_type');
  if (assertionType !== null) {
    const problem =
      assertionType === JWT_BEARER_ASSERTION
        ? checkFederatedAssertion(app, form.get('client_assertion') ?? '', nowMs)
        : { code: 7000216, description: "'client_assertion_type' is not supported." };
    if (problem) return entraError(401, 'invalid_client', problem.code, problem.description);
  } else if (app.clientSecretHash !== hashToken(basic?.secret ?? form.get('client_secret') ?? ''))
    return entraError(
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
    );
  if (!audience)
    return entraError(
      400,
      'invalid_scope',
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid: '${scope}'.`,
    );
  const issued = issueAzureToken(world, app, scope, audience, nowMs, issuerBase);
  const v1 =
    v1Resource !== null && form.get('scope') === null
      ? {
          resource: v1Resource,
          expires_on: String(Math.floor(nowMs / 1000) + issued.ttl),
          not_before: String(Math.floor(nowMs / 1000)),
        }
      : {};
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: issued.ttl,
      ext_expires_in: issued.ttl,
      ...v1,
      access_token: issued.token,
    },
    contentType: 'application/json; charset=utf-8',
  };
}

/** Issue (and remember) an access token of `app` for `scope`; the token and its lifetime in seconds. */
export function issueAzureToken(
  world: World,
  app: AzureAppState,
  scope: string,
  audience: 'arm' | 'keyvault' | 'graph',
  nowMs: number,
  issuerBase: string,
): { token: string; ttl: number } {
  const ttl = world.timing.azureTokenTtlSeconds;
  const exp = Math.floor(nowMs / 1000) + ttl;
  const token = `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url({ aud: resourceOf(scope) ?? scope, iss: `${issuerBase}/${app.tenantId}/v2.0`, tid: app.tenantId, appid: app.clientId, iat: Math.floor(nowMs / 1000), exp })}.${randomHex(43)}`;
  world.tokens = world.tokens.filter((t) => t.expiresMs > nowMs);
  world.tokens.push({
    tokenHash: hashToken(token),
    kind: audience,
    subject: app.clientId,
    tenantId: app.tenantId,
    expiresMs: nowMs + ttl * 1000,
    revoked: false,
  });
  return { token, ttl };
}

/** The audience of tokens for `scope` (`<resource>/.default`), if the simulator issues them. */
export function audienceOf(scope: string): 'arm' | 'keyvault' | 'graph' | undefined {
  const resource = resourceOf(scope);
  if (resource === undefined) return undefined;
  // Vaults reached by host name on loopback (vault-host.ts) announce `https://vault.localhost:PORT`.
  return resources[resource] ?? (/^https:\/\/vault\.localhost(:\d+)?$/.test(resource) ? 'keyvault' : undefined);
}

/** OpenID configuration document for a tenant (what MSAL reads before requesting a token). */
export function entraOpenIdConfiguration(loginBase: string, tenantId: string): SimResponse {
  const base = `${loginBase}/${tenantId}`;
  return {
    status: 200,
    body: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${loginBase}/${tenantId}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      tenant_region_scope: 'NA',
      cloud_instance_name: new URL(loginBase).host,
    },
    contentType: 'application/json; charset=utf-8',
  };
}

/** Instance discovery metadata (`/common/discovery/instance`), naming the simulator's host as its own alias. */
export function entraInstanceDiscovery(loginBase: string): SimResponse {
  const host = new URL(loginBase).host;
  return {
    status: 200,
    body: {
      tenant_discovery_endpoint: `${loginBase}/common/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
    contentType: 'application/json; charset=utf-8',
  };
}
