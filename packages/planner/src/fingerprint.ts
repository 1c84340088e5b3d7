import type { LiveProjectState } from '@atlas-cmk/core';
import { canonicalJson } from './hash/canonical-json.js';
import { fnv1a64 } from './hash/fnv1a64.js';

/**
 * The live facts a plan depends on, canonicalised: the encryption-at-rest document, every endpoint (id,
 * cloud, region, status) and every cluster's name and encryption provider. Lists are sorted and keys
 * ordered, so the same facts read in any order give the same text. Volatile fields that the plan does
 * not use (`valid`, error messages, connection names, cluster state) are left out, so a plan does not
 * go stale while Atlas merely progresses.
 */
export function liveFacts(live: LiveProjectState): string {
  const { valid: _valid, ...azureKeyVault } = live.encryptionAtRest.azureKeyVault ?? {};
  const endpoints = live.endpoints
    .map((e) => ({ id: e.id, cloudProvider: e.cloudProvider, regionName: e.regionName, status: e.status }))
    .sort((a, b) => compare(a.id, b.id));
  const clusters = live.clusters
    .map((c) => ({ name: c.name, encryptionAtRestProvider: c.encryptionAtRestProvider ?? 'NONE' }))
    .sort((a, b) => compare(a.name, b.name));
  return canonicalJson({
    projectId: live.projectId,
    encryptionAtRest: { ...live.encryptionAtRest, azureKeyVault },
    endpoints,
    clusters,
  });
}

/** The fingerprint stored in the plan: `hash(liveFacts(live))`. Apply recomputes it to refuse a stale plan. */
export function fingerprintLive(live: LiveProjectState, hash: (s: string) => string = fnv1a64): string {
  return hash(liveFacts(live));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
