import type { Diagnostic, LiveProjectState, LoadedDocument } from '@atlas-cmk/core';
import { plan } from './plan.js';
import type { ProjectPlan } from './plan-types.js';

/**
 * Plans the documents against their live state and returns each project's plan by project id, with the
 * planner's diagnostics: what plan-scope policy needs (core's `PlanComputer`), e.g. for `policy test`
 * fixtures. Pure, like {@link plan}.
 */
export function plansByProject(
  documents: readonly LoadedDocument[],
  live: ReadonlyMap<string, LiveProjectState>,
): { plans: Map<string, ProjectPlan>; diagnostics: Diagnostic[] } {
  const result = plan({ documents, live });
  return { plans: new Map(result.plan.projects.map((p) => [p.projectId, p])), diagnostics: result.diagnostics };
}
