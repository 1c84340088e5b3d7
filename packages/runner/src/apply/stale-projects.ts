import { fingerprintLive, type Plan } from '@atlas-cmk/planner';
import type { AtlasClient } from '../atlas/client.js';
import { isLiveReadFailure } from '../live/live-read-failure.js';
import { readLiveState } from '../live/read-live-state.js';
import { runFailure, type RunFailure } from './run-outcome.js';
import { toStepErrorInfo } from './step-error.js';

/** A project whose live state no longer matches its plan, or could not be read to tell. */
export interface StaleProject {
  projectId: string;
  message: string;
  hint: string;
}

/**
 * Re-read every project of the plan and compare its live fingerprint with the one the plan was made
 * against (default hash). Returns the projects that changed or could not be read; empty when the plan is
 * current. Cancellation rejects.
 */
export async function findStaleProjects(plan: Plan, atlas: AtlasClient, signal: AbortSignal): Promise<StaleProject[]> {
  const live = await readLiveState(
    atlas,
    plan.projects.map((p) => p.projectId),
    { signal },
  );
  return plan.projects.flatMap((project): StaleProject[] => {
    const state = live.get(project.projectId);
    if (state === undefined || isLiveReadFailure(state)) {
      return [
        {
          projectId: project.projectId,
          message: `The live state of project ${project.projectId} could not be read to check the plan${state ? `: ${state.message}` : ''}.`,
          hint: 'Fix the access problem, then plan and apply again.',
        },
      ];
    }
    if (fingerprintLive(state) === project.fingerprint) return [];
    return [
      {
        projectId: project.projectId,
        message: `Project ${project.projectId} changed since the plan was made (live fingerprint ${fingerprintLive(state)}, plan ${project.fingerprint}).`,
        hint: 'The saved plan is stale: run atlas-cmk plan again and apply the new plan.',
      },
    ];
  });
}

/**
 * The failures that refuse a stale plan: one per changed or unreadable project (step id
 * `plan.fingerprint`); empty when the plan may run. A read that fails as a whole fails every project;
 * cancellation rejects.
 */
export async function refuseStalePlan(plan: Plan, atlas: AtlasClient, signal: AbortSignal): Promise<RunFailure[]> {
  let stale: StaleProject[];
  try {
    stale = await findStaleProjects(plan, atlas, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    const { message } = toStepErrorInfo(error);
    stale = plan.projects.map((p) => ({
      projectId: p.projectId,
      message,
      hint: 'Check the connection to Atlas, then apply again.',
    }));
  }
  return stale.map((s) => runFailure(s.projectId, 'plan.fingerprint', { message: s.message, hint: s.hint }));
}
