import { fromProjectEncryption, type LiveProjectState, type LoadedDocument } from '@atlas-cmk/core';
import { fingerprintLive } from './fingerprint.js';
import { fnv1a64 } from './hash/fnv1a64.js';
import { addOrderingEdges } from './passes/add-ordering-edges.js';
import { addWaits } from './passes/add-waits.js';
import { checkAcyclic } from './passes/check-acyclic.js';
import { deriveChanges } from './passes/derive-changes.js';
import type { ProjectInput } from './passes/draft.js';
import { expandSteps } from './passes/expand-steps.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanOptions, type ProjectPlan } from './plan-types.js';
import { addSummaries, summarize } from './summary.js';
import type { PlannerDiagnostic } from './planner-codes.js';

/** The input of {@link plan}: loaded (valid) documents and the live state read for their projects. */
export interface PlanInput {
  documents: readonly LoadedDocument[];
  /** Live state by project id. */
  live: ReadonlyMap<string, LiveProjectState>;
  options?: PlanOptions;
}

/**
 * Plans every project the documents describe: a pure function of its input. Problems of the input are
 * returned as diagnostics (`plan/…` codes); a project with an error diagnostic is left out of the plan,
 * so callers must not apply a plan whose diagnostics contain an error. Throws only on a planner bug.
 */
export function plan(input: PlanInput): { plan: Plan; diagnostics: PlannerDiagnostic[] } {
  const hash = input.options?.hash ?? fnv1a64;
  const rotate = input.options?.rotateSecret;
  const projects: ProjectPlan[] = [];
  const diagnostics: PlannerDiagnostic[] = [];
  for (const doc of input.documents) {
    const projectId = doc.project.spec.projectId;
    const live = input.live.get(projectId);
    if (!live) {
      diagnostics.push({
        code: 'plan/live-state-missing',
        severity: 'error',
        message: `No live state was read for project ${projectId}; it cannot be planned.`,
        ...doc.locate(['spec', 'projectId']),
        projectId,
      });
      continue;
    }
    const rotateSecret = rotate === 'all' || (rotate !== undefined && rotate.has(projectId));
    const keyIdentifier = doc.project.spec.azureKeyVault.keyIdentifier;
    const key = keyIdentifier !== undefined ? input.options?.keys?.get(keyIdentifier) : undefined;
    const nowMs = input.options?.nowMs;
    const result = planProject(
      {
        doc,
        live,
        rotateSecret,
        repairKeys: input.options?.repairKeys !== false,
        ...(key ? { key } : {}),
        ...(nowMs !== undefined ? { nowMs } : {}),
      },
      hash,
    );
    diagnostics.push(...result.diagnostics);
    if (result.project) projects.push(result.project);
  }
  return {
    plan: { formatVersion: PLAN_FORMAT_VERSION, projects, summary: addSummaries(projects.map((p) => p.summary)) },
    diagnostics,
  };
}

/** The pipeline of passes for one project. */
function planProject(
  input: ProjectInput,
  hash: (s: string) => string,
): { project?: ProjectPlan; diagnostics: PlannerDiagnostic[] } {
  const { doc, live } = input;
  const derived = deriveChanges(input);
  if (derived.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: derived.diagnostics };
  const drafts = expandSteps(input, derived);
  const ordered = addOrderingEdges(drafts, doc.project.spec.azureKeyVault.requirePrivateNetworking);
  const steps = checkAcyclic(live.projectId, addWaits(ordered));
  const location = doc.locate([]);
  return {
    project: {
      projectId: live.projectId,
      name: doc.project.metadata.name,
      file: doc.file,
      line: location.line,
      fingerprint: fingerprintLive(live, hash),
      resourceChanges: derived.resourceChanges,
      steps,
      summary: summarize(derived.resourceChanges, steps.length),
      warnings: derived.warnings,
      desired: {
        document: fromProjectEncryption(doc.project) as unknown as Record<string, unknown>,
        index: doc.index,
        rotateSecret: input.rotateSecret,
      },
    },
    diagnostics: derived.diagnostics,
  };
}
