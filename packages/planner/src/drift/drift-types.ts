import type { ChangeAction, ResourceChange } from '../plan-types.js';

/** Bumped on any incompatible change to the shapes below (the JSON drift report). */
export const DRIFT_FORMAT_VERSION = 1;

/**
 * A health problem no desired file states, read from the live facts: Atlas cannot use the key, a cluster is
 * paused, an endpoint FAILED or is being recreated after an Azure-side rejection, a key version is about to
 * expire (or is disabled or expired in Key Vault), or the organization is inactive. Codes are stable.
 */
export type HealthCode =
  | 'organization-inactive'
  | 'key-invalid'
  | 'key-disabled'
  | 'key-expired'
  | 'key-expiring'
  | 'cluster-paused'
  | 'endpoint-failed'
  | 'endpoint-pending-recreation';

/** One health finding: `subject` names the endpoint, cluster or key version it is about (null: the project). */
export interface HealthFinding {
  code: HealthCode;
  subject: string | null;
  message: string;
}

/** A difference between the desired and the live state: a resource change of the plan, without its steps. */
export type DriftChange = ResourceChange & { action: Exclude<ChangeAction, 'no-op'> };

/** The drift of one project. It has drifted when it has any change or any health finding. */
export interface ProjectDrift {
  projectId: string;
  name: string;
  file: string;
  line: number;
  fingerprint: string;
  changes: DriftChange[];
  health: HealthFinding[];
  /** Steps the plan would run to repair the changes (0: nothing `reconcile` can do). */
  repairSteps: number;
}

/** The whole report, in document order. */
export interface DriftReport {
  formatVersion: typeof DRIFT_FORMAT_VERSION;
  projects: ProjectDrift[];
  summary: { projects: number; drifted: number; changes: number; health: number };
}

/**
 * What Key Vault says of the key version a project uses (the runner reads it; absent when it was not read).
 * `expires` is an ISO date-time or null when the key has no expiry.
 */
export interface KeyFacts {
  keyIdentifier: string;
  enabled: boolean;
  expires: string | null;
}

/** True when the report has any drift: the `drift` command exits 2. */
export function hasDrift(report: DriftReport): boolean {
  return report.summary.drifted > 0;
}
