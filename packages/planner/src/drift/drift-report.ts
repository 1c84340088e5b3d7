import type { LiveProjectState } from '@atlas-cmk/core';
import type { Plan } from '../plan-types.js';
import {
  DRIFT_FORMAT_VERSION,
  type DriftChange,
  type DriftReport,
  type KeyFacts,
  type ProjectDrift,
} from './drift-types.js';
import { healthFindings } from './health.js';

/** The input of {@link driftReport}. */
export interface DriftInput {
  /** The plan made from the desired documents and `live` (what `plan` prints). */
  plan: Plan;
  /** The live state the plan was made from, by project id. */
  live: ReadonlyMap<string, LiveProjectState>;
  /** Key Vault's attributes of each project's key version, by project id, when they were read. */
  keys?: ReadonlyMap<string, KeyFacts>;
  nowMs: number;
  expiryWarningDays?: number;
}

/**
 * Drift, derived: every resource change of the plan that is not a no-op (the live state differs from the
 * desired state) plus the health findings of the live state that no desired file states. Pure; a project of the
 * plan without live state gets no health findings (the caller never passes such a plan).
 */
export function driftReport(input: DriftInput): DriftReport {
  const projects: ProjectDrift[] = input.plan.projects.map((p) => {
    const live = input.live.get(p.projectId);
    const key = input.keys?.get(p.projectId);
    const changes: DriftChange[] = [];
    for (const c of p.resourceChanges) {
      if (c.action === 'no-op') continue;
      changes.push({ ...c, action: c.action });
    }
    return {
      projectId: p.projectId,
      name: p.name,
      file: p.file,
      line: p.line,
      fingerprint: p.fingerprint,
      changes,
      health: live
        ? healthFindings(live, {
            pausedByDesign: pausedByDesign(p.desired.document),
            nowMs: input.nowMs,
            ...(input.expiryWarningDays !== undefined ? { expiryWarningDays: input.expiryWarningDays } : {}),
            ...(key ? { key } : {}),
          })
        : [],
      repairSteps: p.steps.length,
    };
  });
  const drifted = projects.filter((p) => p.changes.length > 0 || p.health.length > 0);
  return {
    formatVersion: DRIFT_FORMAT_VERSION,
    projects,
    summary: {
      projects: projects.length,
      drifted: drifted.length,
      changes: projects.reduce((n, p) => n + p.changes.length, 0),
      health: projects.reduce((n, p) => n + p.health.length, 0),
    },
  };
}

/** The clusters the desired document says `paused: true` for: their pause is by design, no health finding. */
function pausedByDesign(document: Record<string, unknown>): Set<string> {
  const spec = document['spec'] as { clusters?: { name?: unknown; paused?: unknown }[] } | undefined;
  const names = new Set<string>();
  for (const c of spec?.clusters ?? []) if (c.paused === true && typeof c.name === 'string') names.add(c.name);
  return names;
}
