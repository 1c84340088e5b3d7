import type { LiveEndpoint } from '@atlas-cmk/core';

/**
 * The statuses of an endpoint that serves (or will serve) its region, most advanced first. Two of them in one
 * region are duplicates: one is kept, the others are deleted.
 */
export const ENDPOINT_IN_USE = ['ACTIVE', 'PENDING_ACCEPTANCE', 'INITIATING'] as const;

/** True for an endpoint in one of the {@link ENDPOINT_IN_USE} statuses. */
export function endpointInUse(endpoint: LiveEndpoint): boolean {
  return (ENDPOINT_IN_USE as readonly string[]).includes(endpoint.status);
}

/**
 * The creation time, in seconds, of an endpoint: Atlas ids are ObjectIds whose first 4 bytes are it.
 * Undefined for an id that is not 24 hex digits.
 */
export function endpointCreatedSeconds(id: string): number | undefined {
  return /^[0-9a-f]{24}$/i.test(id) ? parseInt(id.slice(0, 8), 16) : undefined;
}

/**
 * Creation order of two endpoints of one listing: the ObjectId timestamp, then (same second, or ids that carry
 * none) the order in which Atlas lists them. Negative when `a` is older.
 */
export function compareCreation(a: LiveEndpoint, b: LiveEndpoint, listing: readonly LiveEndpoint[]): number {
  const at = endpointCreatedSeconds(a.id);
  const bt = endpointCreatedSeconds(b.id);
  if (at !== undefined && bt !== undefined && at !== bt) return at - bt;
  return listing.indexOf(a) - listing.indexOf(b);
}

/** The oldest endpoint of `candidates` (by {@link compareCreation} within `listing`). */
export function oldestEndpoint(
  candidates: readonly LiveEndpoint[],
  listing: readonly LiveEndpoint[],
): LiveEndpoint | undefined {
  return [...candidates].sort((a, b) => compareCreation(a, b, listing))[0];
}

/**
 * The endpoint a region keeps when it has several in use: the most advanced (ACTIVE, then PENDING_ACCEPTANCE,
 * then INITIATING), then the oldest. Undefined when none is in use. The choice depends only on the listing, so
 * every reader of the same listing keeps the same one.
 */
export function preferredEndpoint(listing: readonly LiveEndpoint[]): LiveEndpoint | undefined {
  for (const status of ENDPOINT_IN_USE) {
    const found = oldestEndpoint(
      listing.filter((e) => e.status === status),
      listing,
    );
    if (found) return found;
  }
  return undefined;
}
