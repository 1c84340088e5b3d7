import { sortKeys } from './hash/canonical-json.js';
import type { Plan, ProjectPlan } from './plan-types.js';

/** Where a saved plan first departs from the plan re-derived from its own desired state and the live state. */
export interface PlanDifference {
  /** The project the difference is in (absent when the projects themselves differ). */
  projectId?: string;
  /** What differs, in words: `step 3 (ear.enable) request.body.azureKeyVault.resourceGroupName`. */
  where: string;
  /** The saved and the re-derived value as short JSON (`(absent)` when missing). */
  saved: string;
  derived: string;
}

/** Fields of a project plan that say what apply does or what a reviewer approved; all must match. */
const COMPARED: readonly (keyof ProjectPlan)[] = ['projectId', 'steps', 'resourceChanges', 'summary', 'warnings'];

/**
 * Compares a saved plan with the plan the same planner derives now, in canonical form (object keys sorted,
 * absent and `undefined` alike): the projects in order, then for each its steps (ids, kinds, order, method,
 * path, body, `dependsOn`, destructive flag, description), resource changes, summary and warnings, then the
 * plan's summary. Returns the first difference, or `undefined` when apply may run the derived plan. Live
 * fingerprints are compared by the caller first, so a stale plan is reported as stale, not as altered.
 */
export function firstPlanDifference(saved: Plan, derived: Plan): PlanDifference | undefined {
  const count = Math.max(saved.projects.length, derived.projects.length);
  for (let i = 0; i < count; i++) {
    const s = saved.projects[i];
    const d = derived.projects[i];
    if (s === undefined || d === undefined) {
      return {
        where: `project ${i + 1} of the plan`,
        saved: s === undefined ? '(absent)' : short(s.projectId),
        derived: d === undefined ? '(absent)' : short(d.projectId),
      };
    }
    for (const field of COMPARED) {
      const found = firstDifference(s[field], d[field], [field]);
      if (found) return { projectId: d.projectId, where: describePath(found.path, s, d), ...found.values };
    }
  }
  const found = firstDifference(saved.summary, derived.summary, ['summary']);
  return found ? { where: `the plan's ${found.path.join('.')}`, ...found.values } : undefined;
}

type Path = (string | number)[];

function firstDifference(
  a: unknown,
  b: unknown,
  path: Path,
): { path: Path; values: { saved: string; derived: string } } | undefined {
  const ca = sortKeys(a);
  const cb = sortKeys(b);
  if (Array.isArray(ca) && Array.isArray(cb)) {
    for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
      const found = firstDifference(ca[i], cb[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (isRecord(ca) && isRecord(cb)) {
    const keys = [...new Set([...Object.keys(ca), ...Object.keys(cb)])].sort();
    for (const key of keys) {
      const found = firstDifference(ca[key], cb[key], [...path, key]);
      if (found) return found;
    }
    return undefined;
  }
  if (JSON.stringify(ca) === JSON.stringify(cb)) return undefined;
  return { path, values: { saved: short(ca), derived: short(cb) } };
}

/** `steps.2.request.body` → `step 3 (ear.enable) request.body`, naming the step by the saved plan's id and kind. */
function describePath(path: Path, saved: ProjectPlan, derived: ProjectPlan): string {
  const [field, index, ...rest] = path;
  if ((field === 'steps' || field === 'resourceChanges') && typeof index === 'number') {
    const item = (saved[field][index] ?? derived[field][index]) as unknown as Record<string, unknown> | undefined;
    const name = field === 'steps' ? `step ${index + 1}` : `resource change ${index + 1}`;
    const label = field === 'steps' ? item?.['id'] : item?.['address'];
    const suffix = rest.length > 0 ? ` ${rest.join('.')}` : '';
    return `${name}${typeof label === 'string' ? ` (${label})` : ''}${suffix}`;
  }
  return path.join('.');
}

/** A value as JSON, shortened: control characters stay escaped, so a hostile plan cannot paint the terminal. */
function short(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
