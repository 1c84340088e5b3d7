export { executePlan, type ApplyDeps } from './execute-plan.js';
export { hintFor } from './hints.js';
export { DEFAULT_APPLY_OPTIONS, resolveApplyOptions, type ApplyOptions, type StepDeadlines } from './options.js';
export type { ResolveSecret } from './resolve-secrets.js';
export { CONTINUE_AFTER_FAILURE, CONTINUE_AFTER_INTERRUPT, type RunFailure, type RunOutcome } from './run-outcome.js';
export { findStaleProjects, refuseStalePlan, type StaleProject } from './stale-projects.js';
export { approveCommand } from './steps/approve-command.js';
export { walkDag, type DagNode, type NodeState, type TaskResult, type WalkOptions } from './walk-dag.js';
