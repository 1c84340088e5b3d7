import { joinUrl } from '../http/base-url.js';
import { abortable } from '../http/abortable.js';
import { AuthError } from '../http/errors.js';
import type { Transport } from '../http/transport.js';
import type { AuthStrategy, ErrorMapper } from '../http/types.js';
import type { AzureConfig } from './config.js';

/** Refresh this long before expiry. */
const EXPIRY_MARGIN_MS = 60_000;

interface CachedToken {
  value: string;
  expiresAt: number;
}

/** Entra ID client-credentials tokens, one per resource scope. */
export interface EntraTokenProvider {
  /** A bearer token for `scope` (e.g. `https://management.azure.com/.default`), cached until near expiry. */
  getToken(scope: string, signal?: AbortSignal): Promise<string>;
  /** An auth strategy sending that token; a 401 drops it and the request is answered once with a fresh one. */
  bearer(scope: string): AuthStrategy;
}

/**
 * Create a token provider: `POST {authorityHost}/{tenant}/oauth2/v2.0/token` with `grant_type=
 * client_credentials`. Each scope has its own cached token and at most one token request in flight.
 */
export function createEntraTokenProvider(
  config: AzureConfig,
  transport: Transport,
  now: () => number,
): EntraTokenProvider {
  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<CachedToken>>();
  const tokenUrl = joinUrl(config.authorityHost, `/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`);

  const fetchToken = async (scope: string): Promise<CachedToken> => {
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
    return { value: parsed.access_token, expiresAt: now() + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 10) };
  };

  const token = (scope: string, signal?: AbortSignal): Promise<CachedToken> => {
    const cached = cache.get(scope);
    if (cached && now() < cached.expiresAt) return Promise.resolve(cached);
    let pending = inFlight.get(scope);
    if (!pending) {
      pending = fetchToken(scope).finally(() => inFlight.delete(scope));
      pending.then(
        (fresh) => cache.set(scope, fresh),
        () => undefined,
      );
      inFlight.set(scope, pending);
    }
    // Shared by every caller of this scope; each stops waiting on its own signal.
    return abortable(pending, signal, { operation: 'getEntraToken', method: 'POST', url: tokenUrl.toString() });
  };

  return {
    getToken: async (scope, signal) => (await token(scope, signal)).value,
    bearer: (scope) => ({
      async prepare(_request, signal) {
        const used = await token(scope, signal);
        return {
          headers: { authorization: `Bearer ${used.value}` },
          secrets: [used.value],
          async settle(response) {
            if (response?.status !== 401) return false;
            if (cache.get(scope) === used) cache.delete(scope);
            return true;
          },
        };
      },
    }),
  };
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
