import type { KeyFacts } from './drift/drift-types.js';
import type { Step } from './step-types.js';

/**
 * The plan as versioned data. A plan is produced by {@link plan} from (desired, live) and nothing else;
 * apply executes exactly its steps and refuses it when a project's live fingerprint has changed since.
 * No value in a plan is a secret: the client secret appears only as a reference marker
 * (`{"$secretRef": "${env:NAME}"}`) in request bodies and as `(sensitive value)` in before/after.
 */

/** Bumped on any incompatible change to the shapes below. */
export const PLAN_FORMAT_VERSION = 2;

/** What happens to a resource, as Terraform says it. `read`: the plan only waits for Atlas to finish. */
export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'no-op' | 'read';

/** The redacted stand-in for a secret in before/after and in request bodies of literal secrets. */
export const SENSITIVE = '(sensitive value)';

/** A request body value the runner replaces with the secret it resolves at apply time. */
export interface SecretRef {
  $secretRef: string;
}

/** One RFC 6902 operation, as `fast-json-patch` `compare` returns it. */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test' | '_get';
  path: string;
  value?: unknown;
  from?: string;
}

/** A key rotation in the same vault: shown as key name/version old -> new. */
export interface KeyRotation {
  vault: string;
  from: { keyName: string; keyVersion: string };
  to: { keyName: string; keyVersion: string };
}

/**
 * One resource of a project and what the plan does to it. Addresses: `project.<id>.encryptionAtRest`,
 * `endpoint.<REGION>`, `cluster.<name>`. `before`/`after` are redacted views (`null` when absent);
 * `patch` is `compare(before ?? {}, after ?? {})`.
 */
export interface ResourceChange {
  address: string;
  action: ChangeAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  patch: PatchOperation[];
  /** Why the plan does this, when the action alone does not say it (FAILED endpoint, rotation…). */
  reason?: string;
  keyRotation?: KeyRotation;
}

/** The summary of a project or of the whole plan. `replace` counts as one add and one destroy. */
export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  steps: number;
}

/**
 * What a project's plan was derived from, besides the live state: the desired-state document as data
 * (secret references, never values) and the planner options that applied to it. `apply --plan` re-plans
 * from this against a fresh read of the live state and runs only what it re-derives.
 */
export interface PlannedFrom {
  /** The document, defaults written out (`fromProjectEncryption`); passes the desired-state schema. */
  document: Record<string, unknown>;
  /** 0-based index of the document inside `file`. */
  index: number;
  /** Whether the client secret is sent again (`--rotate-secret`). */
  rotateSecret: boolean;
}

/** The plan of one Atlas project. */
export interface ProjectPlan {
  projectId: string;
  /** `metadata.name` of the document. */
  name: string;
  file: string;
  line: number;
  /** Hash of the canonicalised live facts the plan was made from (see `fingerprintLive`). */
  fingerprint: string;
  /** Every resource the document manages, `no-op` included. */
  resourceChanges: ResourceChange[];
  /** In a valid execution order (topological); `dependsOn` says what may run in parallel. */
  steps: Step[];
  summary: PlanSummary;
  /** Facts a reviewer should know that are not changes (a FAILED endpoint, a waiting deletion…). */
  warnings: string[];
  desired: PlannedFrom;
}

/**
 * A finding that did not stop the plan (a warning, an info note, or an error a waiver covers), carried with the
 * plan so that reviewers see it in the JSON plan and the pull-request comment. A finding that stops a plan never
 * reaches one: there is no plan then. `ruleId` is the policy rule id, or the code of a loader or planner note.
 */
export interface PlanFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  file: string;
  line: number;
  column: number;
  projectId: string | null;
  /** The waiver that covers the finding. */
  waived?: { reason: string; expires: string };
}

/** A whole plan: every project described by the documents, in document order. */
export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  projects: ProjectPlan[];
  summary: PlanSummary;
  /** Policy findings of the run that made the plan (none stopped it); absent when there were none to carry. */
  findings?: PlanFinding[];
}

/** Options of {@link plan}. */
export interface PlanOptions {
  /**
   * Projects whose client secret is sent again (CLI `--rotate-secret`). Atlas never returns the secret, so
   * the planner cannot see that it changed; without this option the secret is sent only when another
   * `azureKeyVault` field changes.
   */
  rotateSecret?: ReadonlySet<string> | 'all';
  /** The hash of the live fingerprint; defaults to FNV-1a 64 (`fnv1a64:<16 hex>`). */
  hash?: (s: string) => string;
  /**
   * Key Vault's attributes of key versions, by versioned key URL, when the caller read them (`reconcile` does;
   * `plan` and `apply` do not). With the facts of the key the desired file names, a disabled key version gets a
   * `key.enable` step and Atlas is asked to validate the key again; without them the planner cannot know.
   */
  keys?: ReadonlyMap<string, KeyFacts>;
  /**
   * False: a disabled key version is left disabled (it may be the customer-managed-key kill switch), and the
   * clusters it paused stay paused. Default true.
   */
  repairKeys?: boolean;
  /** Now, as epoch milliseconds, to tell an expired key version (the planner reads no clock). */
  nowMs?: number;
}
