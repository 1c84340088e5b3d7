import { joinUrl } from '../http/base-url.js';
import { AuthError } from '../http/errors.js';
import type { Transport } from '../http/transport.js';
import type { ErrorMapper } from '../http/types.js';
import { createScopedTokenProvider, refreshTime, type EntraTokenProvider, type ScopedToken } from './token-cache.js';

export type { EntraTokenProvider } from './token-cache.js';

/** What the built-in client-credentials request needs. */
export interface ClientSecretSignIn {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Create a token provider that requests tokens itself: `POST {authorityHost}/{tenant}/oauth2/v2.0/token` with
 * `grant_type=client_credentials`. Used only for a plain-http loopback authority (a test stand-in), which MSAL
 * inside `@azure/identity` refuses; every other authority goes through `@azure/identity`.
 */
export function createEntraTokenProvider(
  config: ClientSecretSignIn,
  transport: Transport,
  now: () => number,
): EntraTokenProvider {
  const tokenUrl = joinUrl(config.authorityHost, `/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`);

  const fetchToken = async (scope: string): Promise<ScopedToken> => {
    const body = new URLSearchParams({
      client_id: config.clientId,
      scope,
      client_secret: config.clientSecret,
      grant_type: 'client_credentials',
    });
    const response = await transport.send(
      {
        operation: 'getEntraToken',
        method: 'POST',
        url: tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
        idempotent: true,
      },
      { toError: entraError },
    );
    let parsed: { access_token?: unknown; expires_in?: unknown } | undefined;
    try {
      parsed = JSON.parse(response.body) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    if (typeof parsed?.access_token !== 'string' || parsed.access_token === '') {
      throw new AuthError(
        'Entra ID returned no access_token',
        { operation: 'getEntraToken', method: 'POST', url: tokenUrl.toString() },
        response.status,
      );
    }
    const seconds = typeof parsed.expires_in === 'number' ? parsed.expires_in : Number(parsed.expires_in ?? 3599);
    const lifetimeMs = (Number.isFinite(seconds) ? seconds : 3599) * 1000;
    const at = now();
    return { value: parsed.access_token, expiresAt: refreshTime(at, at + lifetimeMs) };
  };

  return createScopedTokenProvider(
    fetchToken,
    { operation: 'getEntraToken', method: 'POST', url: tokenUrl.toString() },
    now,
  );
}

/** Entra OAuth error bodies (`{"error":"invalid_client","error_description":"AADSTS…"}`) as `AuthError`. */
const entraError: ErrorMapper = (response, request, scrub) => {
  let body: { error?: unknown; error_description?: unknown } | undefined;
  try {
    body = JSON.parse(response.body) as typeof body;
  } catch {
    body = undefined;
  }
  const code = typeof body?.error === 'string' ? body.error : `HTTP_${response.status}`;
  const description =
    typeof body?.error_description === 'string' ? `: ${scrub(body.error_description.split('\n')[0] ?? '')}` : '';
  return new AuthError(
    `Entra ID refused a token (${request.method} ${request.url}): HTTP ${response.status} ${code}${description}. Check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.`,
    request,
    response.status,
  );
};
