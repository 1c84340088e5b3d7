import { abortable } from '../http/abortable.js';
import type { RequestInfo } from '../http/errors.js';
import type { AuthStrategy } from '../http/types.js';

/** Refresh this long before expiry (at most a tenth of the token's lifetime). */
const EXPIRY_MARGIN_MS = 60_000;

/** A bearer token and when to stop using it. */
export interface ScopedToken {
  value: string;
  /** Epoch milliseconds after which a fresh token is fetched. */
  expiresAt: number;
}

/** Entra ID access tokens, one per resource scope. */
export interface EntraTokenProvider {
  /** A bearer token for `scope` (e.g. `https://management.azure.com/.default`), cached until near expiry. */
  getToken(scope: string, signal?: AbortSignal): Promise<string>;
  /** An auth strategy sending that token; a 401 drops it and the request is answered once with a fresh one. */
  bearer(scope: string): AuthStrategy;
}

/** When to refresh a token that expires at `expiresOnMs` (and that its issuer wants refreshed at `refreshAtMs`). */
export function refreshTime(nowMs: number, expiresOnMs: number, refreshAtMs?: number): number {
  const lifetime = Math.max(0, expiresOnMs - nowMs);
  const byMargin = expiresOnMs - Math.min(EXPIRY_MARGIN_MS, lifetime / 10);
  return refreshAtMs === undefined ? byMargin : Math.min(byMargin, refreshAtMs);
}

/**
 * A token provider over `fetchToken`: each scope has its own cached token and at most one token request in flight,
 * shared by every caller (each stops waiting on its own signal). When a service answers 401 to a token, that token
 * is dropped and `onRejected` runs before the next fetch (e.g. to bypass a credential's own cache).
 */
export function createScopedTokenProvider(
  fetchToken: (scope: string) => Promise<ScopedToken>,
  request: RequestInfo,
  now: () => number,
  onRejected: () => void = () => undefined,
): EntraTokenProvider {
  const cache = new Map<string, ScopedToken>();
  const inFlight = new Map<string, Promise<ScopedToken>>();

  const token = (scope: string, signal?: AbortSignal): Promise<ScopedToken> => {
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
    return abortable(pending, signal, request);
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
            if (cache.get(scope) === used) {
              cache.delete(scope);
              onRejected();
            }
            return true;
          },
        };
      },
    }),
  };
}
