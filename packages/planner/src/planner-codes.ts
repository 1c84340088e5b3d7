import type { Diagnostic } from '@atlas-cmk/core';

/** Codes of the diagnostics the planner returns. Stable: users and CI refer to them. */
export type PlannerCode =
  | 'plan/immutable-vault-settings' // keyVaultName/resourceGroupName/subscriptionID change while endpoints exist
  | 'plan/unlisted-encrypted-cluster' // CMK to be disabled while an unlisted cluster still uses the key
  | 'plan/live-state-missing' // no live state for a document's project
  | 'plan/cluster-not-found' // a listed cluster does not exist (skipped)
  | 'plan/endpoint-deleting'; // a desired region's endpoint is DELETING (awaited, then recreated)

/** A diagnostic of the planner: its code is one of {@link PlannerCode}. */
export type PlannerDiagnostic = Diagnostic & { code: PlannerCode };
