import { joinUrl } from '../http/base-url.js';
import { abortable } from '../http/abortable.js';
import { AuthError, type RequestInfo } from '../http/errors.js';
import type { Transport } from '../http/transport.js';
import type { AuthStrategy, ErrorMapper, HttpResponse } from '../http/types.js';

/** Atlas 401 error codes that refuse the project, not the token. */
const GROUP_ACCESS_CODES = new Set(['NOT_IN_GROUP', 'USER_CANNOT_ACCESS_GROUP']);

/** Refresh this long before the announced expiry, so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 60_000;

interface CachedToken {
  value: string;
  expiresAt: number;
}

/**
 * OAuth 2.0 client credentials for Atlas service accounts (`POST {base}/api/oauth/token`, Basic auth).
 * The token is cached until shortly before it expires (the token endpoint is rate limited), concurrent
 * callers share one in-flight token request, and a 401 from the API refreshes the token once; a second
 * 401 is reported, never looped on. State lives in the returned object, one per client.
 */
export function createServiceAccountAuth(
  baseUrl: string,
  clientId: string,
  clientSecret: string,
  transport: Transport,
  now: () => number,
): AuthStrategy {
  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;
  const tokenUrl = joinUrl(baseUrl, '/api/oauth/token');
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');

  const fetchToken = async (): Promise<CachedToken> => {
    const response = await transport.send(
      {
        operation: 'getServiceAccountToken',
        method: 'POST',
        url: tokenUrl,
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
        // Asking for a token twice is harmless, so network failures may be retried.
        idempotent: true,
      },
      { toError: tokenError },
    );
    const body = parseJson(response.body) as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (typeof body?.access_token !== 'string' || body.access_token === '') {
      throw new AuthError('The Atlas token endpoint returned no access_token', tokenInfo(tokenUrl), response.status);
    }
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    const margin = Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 10);
    return { value: body.access_token, expiresAt: now() + lifetimeMs - margin };
  };

  const token = async (signal?: AbortSignal): Promise<CachedToken> => {
    if (cached && now() < cached.expiresAt) return cached;
    if (!inFlight) {
      inFlight = fetchToken().finally(() => {
        inFlight = undefined;
      });
      inFlight.then(
        (fresh) => (cached = fresh),
        () => undefined,
      );
    }
    // The shared request is not tied to one caller's signal: each caller stops waiting on its own.
    return abortable(inFlight, signal, tokenInfo(tokenUrl));
  };

  return {
    async prepare(_request, signal) {
      const used = await token(signal);
      return {
        headers: { authorization: `Bearer ${used.value}` },
        secrets: [used.value],
        async settle(response) {
          if (response?.status !== 401) return false;
          // A 401 about the project (not in the credential's organization) says nothing about the token:
          // refreshing would spend the rate-limited token endpoint for nothing.
          if (GROUP_ACCESS_CODES.has(errorCodeOf(response.body) ?? '')) return false;
          // Drop the rejected token (unless someone already replaced it) so the single retry gets a new one.
          if (cached === used) cached = undefined;
          return true;
        },
      };
    },
  };
}

function tokenInfo(url: URL): RequestInfo {
  return { operation: 'getServiceAccountToken', method: 'POST', url: url.toString() };
}

/** OAuth error bodies (`{"error":"invalid_client","error_description":…}`) as an `AuthError`. */
const tokenError: ErrorMapper = (response: HttpResponse, request, scrub) => {
  const body = parseJson(response.body) as { error?: unknown; error_description?: unknown } | undefined;
  const code = typeof body?.error === 'string' ? body.error : `HTTP_${response.status}`;
  const description = typeof body?.error_description === 'string' ? `: ${scrub(body.error_description)}` : '';
  const hint =
    response.status === 400 || response.status === 401 || response.status === 403
      ? ' Check MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET, and that the secret has not expired.'
      : '';
  return new AuthError(
    `Atlas refused a service account token (${request.method} ${request.url}): HTTP ${response.status} ${code}${description}.${hint}`,
    request,
    response.status,
  );
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorCodeOf(body: string): string | undefined {
  const parsed = parseJson(body) as { errorCode?: unknown } | undefined;
  return typeof parsed?.errorCode === 'string' ? parsed.errorCode : undefined;
}
