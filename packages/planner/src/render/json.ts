import { canonicalJson, sortKeys } from '../hash/canonical-json.js';
import type { Plan } from '../plan-types.js';

/**
 * Keys that lead their object, in this order; every other key follows alphabetically. With it the JSON
 * plan reads top-down (version, project, changes, steps, summary) and is byte-stable for equal plans.
 */
export const PLAN_JSON_KEY_ORDER: readonly string[] = [
  'formatVersion',
  'projectId',
  'name',
  'file',
  'line',
  'fingerprint',
  'address',
  'action',
  'reason',
  'id',
  'kind',
  'target',
  'dependsOn',
  'destructive',
  'description',
  'method',
  'op',
  'path',
  'before',
  'after',
  'patch',
  'resourceChanges',
  'steps',
  'warnings',
  'desired',
  'projects',
  'summary',
];

/** The plan as JSON (`--format json`, `--out`): the plan data itself, with a stable key order. */
export function renderJson(plan: Plan, options: { indent?: number } = {}): string {
  return [...renderJsonChunks(plan, options)].join('');
}

/**
 * The same text as {@link renderJson}, a piece at a time (the head, then one project after another), so a caller
 * can write a plan of thousands of projects without holding it, and a key-sorted copy of it, as one string.
 */
export function* renderJsonChunks(plan: Plan, options: { indent?: number } = {}): Generator<string> {
  const indent = options.indent ?? 2;
  if (indent <= 0) {
    yield `${canonicalJson(plan, { rank: PLAN_JSON_KEY_ORDER })}\n`;
    return;
  }
  const pad = ' '.repeat(indent);
  const nested = (value: unknown, depth: number): string =>
    JSON.stringify(sortKeys(value, PLAN_JSON_KEY_ORDER), null, indent).replace(/\n/g, `\n${pad.repeat(depth)}`);
  const keys = Object.keys(sortKeys({ ...plan, projects: [] }, PLAN_JSON_KEY_ORDER) as Record<string, unknown>);
  yield '{';
  for (const [i, key] of keys.entries()) {
    yield `${i === 0 ? '' : ','}\n${pad}${JSON.stringify(key)}: `;
    const value = (plan as unknown as Record<string, unknown>)[key];
    if (key !== 'projects' || !Array.isArray(value) || value.length === 0) {
      yield nested(value, 1);
      continue;
    }
    yield '[';
    for (const [j, project] of value.entries()) yield `${j === 0 ? '' : ','}\n${pad.repeat(2)}${nested(project, 2)}`;
    yield `\n${pad}]`;
  }
  yield '\n}\n';
}
