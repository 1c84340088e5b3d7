import type { SimBucket, SimRateLimits } from './fixture-types.js';
import { atlasError, type SimResponse } from './sim-response.js';

/** Atlas endpoint sets with their own buckets (NOTES.md §3), plus the OAuth token endpoint. */
export type EndpointSet = keyof SimRateLimits;

const setPaths: Record<EndpointSet, string> = {
  encryptionAtRest: 'api/atlas/v2/groups/{groupId}/encryptionAtRest',
  clusters: 'api/atlas/v2/groups/{groupId}/clusters',
  projects: 'api/atlas/v2/groups/{groupId}',
  oauthToken: 'api/oauth/token',
};

/** The endpoint set an operation id belongs to. */
export function endpointSetOf(operationId: string): EndpointSet | undefined {
  if (operationId === 'atlasOAuthToken') return 'oauthToken';
  if (operationId === 'getGroup') return 'projects';
  if (/Cluster/.test(operationId)) return 'clusters';
  if (/EncryptionAtRest/.test(operationId)) return 'encryptionAtRest';
  return undefined;
}

/** The outcome of taking a token: headers for the response, or the 429 to send. */
export type RateDecision =
  { kind: 'allowed'; headers: Record<string, string> } | { kind: 'limited'; response: SimResponse };

/** Token buckets per (endpoint set, scope key), refilled on simulated time. One per running simulator. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; lastMs: number }>();

  constructor(private readonly limits: () => SimRateLimits) {}

  /** Takes one token for `set` in `scope` (a group id or a client id) at simulated time `nowMs`. */
  take(set: EndpointSet, scope: string, nowMs: number): RateDecision {
    const cfg: SimBucket = this.limits()[set];
    const key = `${set}|${scope}`;
    const state = this.buckets.get(key) ?? { tokens: cfg.capacity, lastMs: nowMs };
    const periods = Math.max(0, nowMs - state.lastMs) / (cfg.periodSeconds * 1000);
    state.tokens = Math.min(cfg.capacity, state.tokens + periods * cfg.refill);
    state.lastMs = nowMs;
    this.buckets.set(key, state);
    if (state.tokens >= 1) {
      state.tokens -= 1;
      return {
        kind: 'allowed',
        headers: { 'RateLimit-Limit': String(cfg.capacity), 'RateLimit-Remaining': String(Math.floor(state.tokens)) },
      };
    }
    const retryAfter = Math.max(1, Math.ceil(((1 - state.tokens) / cfg.refill) * cfg.periodSeconds));
    const path = setPaths[set];
    const detail = `Rate limit exceeded for ${path}. Please retry after ${retryAfter} seconds. Request capacity: ${cfg.capacity}. Refill rate: ${cfg.refill} per ${cfg.periodSeconds} seconds.`;
    return {
      kind: 'limited',
      response: atlasError(
        429,
        'RATE_LIMITED_TOKEN_BUCKET',
        detail,
        [path, retryAfter, cfg.capacity, cfg.refill, cfg.periodSeconds],
        {
          'Retry-After': String(retryAfter),
          'RateLimit-Limit': String(cfg.capacity),
          'RateLimit-Remaining': '0',
        },
      ),
    };
  }

  /** Forgets every bucket (control API reset). */
  clear(): void {
    this.buckets.clear();
  }
}
