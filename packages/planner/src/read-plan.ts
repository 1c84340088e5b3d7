import { topologicalOrder } from './graph/dag.js';
import { PLAN_FORMAT_VERSION, type Plan } from './plan-types.js';
import { STEP_KINDS } from './step-types.js';

/** The outcome of reading a saved plan: the plan, or why it cannot be applied. */
export type ReadPlanResult = { kind: 'ok'; plan: Plan } | { kind: 'invalid'; message: string };

/**
 * Reads a plan saved by `renderJson` (`atlas-cmk plan --out FILE`). Checks the format version and the shape
 * the rest of atlas-cmk relies on: projects with a name, file, fingerprint and the desired state they were
 * planned from; steps of known kinds with unique ids whose dependencies exist and form no cycle; numeric
 * summaries. It does not trust the steps: `apply --plan` re-derives them and runs only what it re-derives.
 * Every problem is a sentence; nothing in a hostile file makes it throw.
 */
export function readPlan(text: string): ReadPlanResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', message: `The plan file is not JSON (${(error as Error).message}); was it cut short?` };
  }
  if (!isRecord(data)) return { kind: 'invalid', message: 'The plan file does not hold a plan object.' };
  if (data.formatVersion !== PLAN_FORMAT_VERSION) {
    return {
      kind: 'invalid',
      message: `The plan has format version ${short(data.formatVersion)}; this atlas-cmk reads version ${PLAN_FORMAT_VERSION}. Run atlas-cmk plan again.`,
    };
  }
  if (!Array.isArray(data.projects)) return { kind: 'invalid', message: 'The plan has no projects list.' };
  for (const [index, project] of data.projects.entries()) {
    const problem = projectProblem(project);
    if (problem) return { kind: 'invalid', message: `Project ${index + 1} of the plan: ${problem}.` };
  }
  const summary = summaryProblem(data.summary);
  if (summary) return { kind: 'invalid', message: `The plan's summary ${summary}.` };
  return { kind: 'ok', plan: data as unknown as Plan };
}

function projectProblem(project: unknown): string | undefined {
  if (!isRecord(project)) return 'not an object';
  for (const key of ['projectId', 'name', 'file', 'fingerprint'] as const) {
    if (typeof project[key] !== 'string') return `${key} is missing`;
  }
  if (!isCount(project.line) || project.line < 1) return 'line is missing';
  const desired = project.desired;
  if (!isRecord(desired) || !isRecord(desired.document))
    return 'the desired state it was planned from is missing (plans saved by an older atlas-cmk lack it; run atlas-cmk plan again)';
  if (!isCount(desired.index)) return 'desired.index is missing';
  if (typeof desired.rotateSecret !== 'boolean') return 'desired.rotateSecret is missing';
  if (!Array.isArray(project.resourceChanges)) return 'resourceChanges are missing';
  if (!Array.isArray(project.warnings) || !project.warnings.every((w) => typeof w === 'string'))
    return 'warnings are missing';
  const summary = summaryProblem(project.summary);
  if (summary) return `its summary ${summary}`;
  if (!Array.isArray(project.steps)) return 'steps are missing';
  const ids = new Set<string>();
  for (const step of project.steps) {
    if (!isRecord(step) || typeof step.id !== 'string') return 'a step has no id';
    if (ids.has(step.id)) return `step ${short(step.id)} appears twice`;
    ids.add(step.id);
    if (!STEP_KINDS.includes(step.kind as never)) return `step ${short(step.id)} has unknown kind ${short(step.kind)}`;
    if (!Array.isArray(step.dependsOn) || !step.dependsOn.every((d) => typeof d === 'string'))
      return `step ${short(step.id)} has no dependsOn list`;
  }
  const steps = project.steps as { id: string; dependsOn: string[] }[];
  const byId = new Map(steps.map((s) => [s.id, s]));
  const order = topologicalOrder({ nodes: [...ids], dependenciesOf: (id) => byId.get(id)?.dependsOn ?? [] });
  switch (order.kind) {
    case 'ordered':
      return undefined;
    case 'unknown-dependency':
      return `step ${short(order.node)} depends on unknown step ${short(order.dependency)}`;
    case 'cycle':
      return `its steps form a cycle (${order.cycle.map(short).join(' -> ')}), so no order can run them`;
    default: {
      const unreachable: never = order;
      return unreachable;
    }
  }
}

function summaryProblem(summary: unknown): string | undefined {
  if (!isRecord(summary)) return 'is missing';
  for (const key of ['add', 'change', 'destroy', 'steps'] as const) {
    if (!isCount(summary[key])) return `has no count of ${key}`;
  }
  return undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** A value from the file as short JSON: quoted and escaped, so hostile text cannot paint a terminal. */
function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
