import { canonicalJson } from '../hash/canonical-json.js';
import type { Plan } from '../plan-types.js';

/**
 * Keys that lead their object, in this order; every other key follows alphabetically. With it the JSON
 * plan reads top-down (version, project, changes, steps, summary) and is byte-stable for equal plans.
 */
const KEY_ORDER = [
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
  'projects',
  'summary',
];

/** The plan as JSON (`--format json`, `--out`): the plan data itself, with a stable key order. */
export function renderJson(plan: Plan, options: { indent?: number } = {}): string {
  return `${canonicalJson(plan, { indent: options.indent ?? 2, rank: KEY_ORDER })}\n`;
}
