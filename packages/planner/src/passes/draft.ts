import type { LiveEndpoint, LiveProjectState, LoadedDocument } from '@atlas-cmk/core';
import type { ResourceChange } from '../plan-types.js';
import type { KeyFacts } from '../drift/drift-types.js';
import type { Step } from '../step-types.js';
import type { PlannerDiagnostic } from '../planner-codes.js';

/** Everything the passes know of one project: its document and its live facts. */
export interface ProjectInput {
  doc: LoadedDocument;
  live: LiveProjectState;
  rotateSecret: boolean;
  /** Key Vault's attributes of the key version the desired file names, when the caller read them. */
  key?: KeyFacts;
  /** False: a disabled key version is left alone (`reconcile --no-key-repair`). */
  repairKeys: boolean;
  /** Now, as epoch milliseconds (to tell an expired key version), when the caller gave it. */
  nowMs?: number;
}

/** What the project-level encryption settings need. */
export interface EarIntent {
  cmk: 'enable' | 'update' | 'disable' | 'keep';
  network: 'require' | 'release' | 'keep';
  /** The fields of `azureKeyVault` that change (for the step description). */
  changedFields: string[];
  /** Atlas reports the key unusable (`valid: false`) and it is usable (again): the settings are sent again. */
  revalidate: boolean;
}

/**
 * Whether Atlas can use the key the desired file names, as far as the planner knows: `usable` (Key Vault says
 * enabled and not expired), `after-enable` (disabled; the plan enables it), `unusable` (disabled and left alone,
 * or expired), `unknown` (no key facts: `plan` does not read Key Vault).
 */
export type KeyUsability = 'usable' | 'after-enable' | 'unusable' | 'unknown';

/** Enable the key version the desired file names (Key Vault reports it disabled). */
export interface KeyIntent {
  keyIdentifier: string;
  keyVaultName: string;
  azureEnvironment: string;
}

/** What one region's endpoints need. */
export type EndpointIntent =
  /**
   * Delete an existing endpoint (or, when it is already DELETING, only wait for it to be gone); `keep`: the
   * region's endpoint that stays, when this one is a duplicate of it.
   */
  | { kind: 'remove'; region: string; endpoint: LiveEndpoint; keep?: LiveEndpoint }
  /** Create the region's endpoint; `ignore`: ids of older endpoints in the region. */
  | { kind: 'create'; region: string; ignore: string[] }
  /**
   * Approve the region's endpoint: the one just created, an existing one (`endpoint`), or the one Atlas
   * creates to replace a PENDING_RECREATION endpoint (`endpoint` undefined, `ignore` its ids).
   */
  | { kind: 'approve'; region: string; endpoint?: LiveEndpoint; afterCreate: boolean; ignore: string[] };

/** What one listed cluster needs. */
export interface ClusterIntent {
  kind: 'enable' | 'disable' | 'resume' | 'pause';
  cluster: string;
}

/** The output of the derive-changes pass. */
export interface DerivedChanges {
  resourceChanges: ResourceChange[];
  ear: EarIntent;
  key?: KeyIntent;
  endpoints: EndpointIntent[];
  clusters: ClusterIntent[];
  warnings: string[];
  diagnostics: PlannerDiagnostic[];
}

/** The part a step plays in the project's ordering rules (PRODUCT.md section 1). */
export type StepRole =
  | 'key-enable'
  | 'cmk-on'
  | 'network-on'
  | 'endpoint-remove'
  | 'endpoint-create'
  | 'endpoint-approve'
  | 'cluster-resume'
  | 'cluster-on'
  | 'cluster-off'
  | 'cluster-pause'
  | 'network-off'
  | 'cmk-off';

/**
 * A step while the passes build it. `waitBefore`/`waitAfter` are the waits the step needs (a state to
 * reach before it can run, a state that marks it done); the add-waits pass turns them into steps.
 */
export interface DraftStep {
  step: Step;
  role: StepRole;
  region?: string;
  /** The cluster a cluster step acts on (its other steps are ordered around its resume and pause). */
  cluster?: string;
  waitBefore?: Step;
  waitAfter?: Step;
}
