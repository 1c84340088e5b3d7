import type { LiveEndpoint, LiveProjectState, LoadedDocument } from '@atlas-cmk/core';
import type { ResourceChange } from '../plan-types.js';
import type { Step } from '../step-types.js';
import type { PlannerDiagnostic } from '../planner-codes.js';

/** Everything the passes know of one project: its document and its live facts. */
export interface ProjectInput {
  doc: LoadedDocument;
  live: LiveProjectState;
  rotateSecret: boolean;
}

/** What the project-level encryption settings need. */
export interface EarIntent {
  cmk: 'enable' | 'update' | 'disable' | 'keep';
  network: 'require' | 'release' | 'keep';
  /** The fields of `azureKeyVault` that change (for the step description). */
  changedFields: string[];
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
  kind: 'enable' | 'disable';
  cluster: string;
}

/** The output of the derive-changes pass. */
export interface DerivedChanges {
  resourceChanges: ResourceChange[];
  ear: EarIntent;
  endpoints: EndpointIntent[];
  clusters: ClusterIntent[];
  warnings: string[];
  diagnostics: PlannerDiagnostic[];
}

/** The part a step plays in the project's ordering rules (PRODUCT.md section 1). */
export type StepRole =
  | 'cmk-on'
  | 'network-on'
  | 'endpoint-remove'
  | 'endpoint-create'
  | 'endpoint-approve'
  | 'cluster-on'
  | 'cluster-off'
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
  waitBefore?: Step;
  waitAfter?: Step;
}
