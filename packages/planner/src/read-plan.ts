import { PLAN_FORMAT_VERSION, type Plan } from './plan-types.js';
import { STEP_KINDS } from './step-types.js';

/** The outcome of reading a saved plan: the plan, or why it cannot be applied. */
export type ReadPlanResult = { kind: 'ok'; plan: Plan } | { kind: 'invalid'; message: string };

/**
 * Reads a plan saved by `renderJson` (`atlas-cmk plan --out FILE`). Checks the format version and the
 * shape apply relies on (projects with a fingerprint, steps of known kinds whose dependencies exist);
 * it does not re-plan. A plan of another format version is refused with what to do.
 */
export function readPlan(text: string): ReadPlanResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', message: `The plan file is not JSON (${(error as Error).message}).` };
  }
  if (!isRecord(data)) return { kind: 'invalid', message: 'The plan file does not hold a plan object.' };
  if (data.formatVersion !== PLAN_FORMAT_VERSION) {
    return {
      kind: 'invalid',
      message: `The plan has format version ${JSON.stringify(data.formatVersion)}; this atlas-cmk reads version ${PLAN_FORMAT_VERSION}. Run atlas-cmk plan again.`,
    };
  }
  if (!Array.isArray(data.projects)) return { kind: 'invalid', message: 'The plan has no projects list.' };
  for (const [index, project] of data.projects.entries()) {
    const problem = projectProblem(project);
    if (problem) return { kind: 'invalid', message: `Project ${index + 1} of the plan: ${problem}.` };
  }
  return { kind: 'ok', plan: data as unknown as Plan };
}

function projectProblem(project: unknown): string | undefined {
  if (!isRecord(project)) return 'not an object';
  for (const key of ['projectId', 'name', 'fingerprint'] as const) {
    if (typeof project[key] !== 'string') return `${key} is missing`;
  }
  if (!Array.isArray(project.steps)) return 'steps are missing';
  const ids = new Set(project.steps.map((s) => (isRecord(s) ? s.id : undefined)));
  for (const step of project.steps) {
    if (!isRecord(step) || typeof step.id !== 'string') return 'a step has no id';
    if (!STEP_KINDS.includes(step.kind as never))
      return `step ${step.id} has unknown kind ${JSON.stringify(step.kind)}`;
    if (!Array.isArray(step.dependsOn)) return `step ${step.id} has no dependsOn`;
    const missing = step.dependsOn.find((dep) => !ids.has(dep));
    if (missing !== undefined) return `step ${step.id} depends on unknown step ${JSON.stringify(missing)}`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
