import type { SimRateLimits, SimTiming } from './fixture-types.js';

/** Default simulated durations (seconds); Atlas documents "up to 3 minutes" for approval reflection. */
export const defaultTiming: SimTiming = {
  initiatingSeconds: 30,
  approvalReflectionSeconds: 60,
  deletingSeconds: 30,
  clusterUpdateSeconds: 60,
  recreationSeconds: 20,
  nonceTtlSeconds: 300,
  atlasTokenTtlSeconds: 3600,
  azureTokenTtlSeconds: 3599,
};

/** Atlas's documented default buckets (NOTES.md §3); the OAuth token endpoint allows about 10 a minute. */
export const defaultRateLimits: SimRateLimits = {
  encryptionAtRest: { capacity: 2000, refill: 1000, periodSeconds: 60 },
  clusters: { capacity: 10000, refill: 5000, periodSeconds: 60 },
  projects: { capacity: 1200, refill: 500, periodSeconds: 60 },
  oauthToken: { capacity: 10, refill: 10, periodSeconds: 60 },
};
