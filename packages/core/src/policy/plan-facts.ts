/**
 * What `plan`-scope rules see of a computed plan. Core cannot call the planner (dependencies point the other
 * way), so the engine takes the plan as plain data of the shape below ({@link ComputedPlan}); the planner's
 * `ProjectPlan` has that shape, and whoever holds the planner (the CLI, `policy test`) passes it in.
 */

/** A key rotation in the same vault: key name and version before and after. */
export interface KeyRotationFact {
  vault: string;
  from: { keyName: string; keyVersion: string };
  to: { keyName: string; keyVersion: string };
}

/**
 * The part of one project's computed plan the policy engine reads. The planner's `ProjectPlan` is assignable
 * to it; nothing in it is a secret (plans carry references, never values).
 */
export interface ComputedPlan {
  resourceChanges: readonly {
    address: string;
    action: string;
    reason?: string;
    keyRotation?: KeyRotationFact;
  }[];
  steps: readonly {
    id: string;
    kind: string;
    target: string;
    destructive: boolean;
    dependsOn: readonly string[];
    /** `endpoint.approve` steps: how the connection is approved (`manual` or `azure`). */
    approval?: string;
  }[];
  summary: { add: number; change: number; destroy: number; steps: number };
}

/** One resource change that does something (`no-op` changes are left out). */
export interface PlanChangeFact {
  /** `project.<id>.encryptionAtRest`, `endpoint.<REGION>` or `cluster.<name>`. */
  address: string;
  /** `create`, `update`, `delete`, `replace` or `read`. */
  action: string;
  resource: 'encryptionAtRest' | 'endpoint' | 'cluster';
  /** The region, cluster name or project id the address names. */
  name: string;
  reason: string | null;
  keyRotation: boolean;
  /** Where in the desired document this change comes from, as a `locate` path (`spec.clusters.0`). */
  locate: string;
}

/** One step of the plan. */
export interface PlanStepFact {
  id: string;
  kind: string;
  target: string;
  destructive: boolean;
  dependsOn: string[];
  /** `endpoint.approve` steps only: `manual` or `azure`; null otherwise. */
  approval: string | null;
  /** Where in the desired document this step comes from, as a `locate` path. */
  locate: string;
}

/** Counts of one project's plan. `replace` counts as one add and one destroy, as in the plan summary. */
export interface PlanCounts {
  add: number;
  change: number;
  destroy: number;
  steps: number;
  destructiveSteps: number;
}

/** The label that sets the limit of `cmk/plan-max-destructive-steps` for one project. */
export const MAX_DESTRUCTIVE_STEPS_LABEL = 'atlas-cmk/max-destructive-steps';

/** The limit of destructive steps in one project's plan when the label does not set one. */
export const DEFAULT_MAX_DESTRUCTIVE_STEPS = 10;

/** The facts of one project's computed plan, at `/plan` of the facts document (plan-scope rules only). */
export interface PlanFacts {
  changes: PlanChangeFact[];
  /** Every step, in the plan's (topological) order. */
  steps: PlanStepFact[];
  destructiveSteps: PlanStepFact[];
  /** The destructive steps as `<kind> <target>` (`endpoint.delete US_CENTRAL`), for messages. */
  destructiveStepNames: string[];
  /** Distinct step kinds, in the order they first appear. */
  stepKinds: string[];
  counts: PlanCounts;
  /** The key rotation the plan makes, or null. */
  keyRotation: KeyRotationFact | null;
  /** True when the plan turns customer-managed keys off on the project (an `ear.disable` step). */
  disablesProjectCmk: boolean;
  /** Clusters the plan takes off customer-managed keys (`cluster.disableCmk`). */
  clustersDisablingCmk: string[];
  /** Regions whose private endpoint the plan deletes (`endpoint.delete`), distinct. */
  endpointDeletions: string[];
  /** Regions whose private endpoint connection the plan approves, by approval method. */
  approvals: { azure: string[]; manual: string[] };
  limits: {
    /** From the `atlas-cmk/max-destructive-steps` label, else the default; null when the label is not a whole number. */
    maxDestructiveSteps: number | null;
    /** The label's text as written, or null when the document has no such label. */
    maxDestructiveStepsLabel: string | null;
  };
}
