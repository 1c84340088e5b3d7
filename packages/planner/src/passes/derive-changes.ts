import { shortKey } from '../key-identifier.js';
import type { ResourceChange } from '../plan-types.js';
import { deriveClusters } from './derive-clusters.js';
import { deriveEar } from './derive-ear.js';
import { deriveEndpoints } from './derive-endpoints.js';
import { deriveKey } from './derive-key.js';
import type { DerivedChanges, ProjectInput } from './draft.js';

/**
 * Pass 1, derive changes: compare desired with live per resource (project settings, each region's
 * endpoints, each listed cluster). Everything later works from these intents, never from raw state,
 * so what the plan does and what it shows as a change cannot disagree.
 */
export function deriveChanges(input: ProjectInput): DerivedChanges {
  const key = deriveKey(input, input.nowMs);
  const ear = deriveEar(input, key.usability);
  const endpoints = deriveEndpoints(input);
  const clusters = deriveClusters(input, key.usability);
  return {
    resourceChanges: [...(key.change ? [key.change] : []), ear.change, ...endpoints.changes, ...clusters.changes],
    ear: ear.intent,
    ...(key.intent ? { key: key.intent } : {}),
    endpoints: endpoints.intents,
    clusters: clusters.intents,
    warnings: [
      ...key.warnings,
      ...rotationWarnings(ear.change.keyRotation),
      ...endpoints.warnings,
      ...clusters.warnings,
    ],
    diagnostics: [...ear.diagnostics, ...endpoints.diagnostics, ...clusters.diagnostics],
  };
}

/** Atlas keeps using the old key until the change deploys, and backups may still need it (PRODUCT.md §1). */
function rotationWarnings(rotation: ResourceChange['keyRotation']): string[] {
  if (!rotation) return [];
  return [
    `Keep key ${shortKey(rotation.from)} in vault ${rotation.vault} enabled until the rotation has deployed ` +
      `and no backup snapshot uses it; revoking it makes Atlas pause the clusters.`,
  ];
}
