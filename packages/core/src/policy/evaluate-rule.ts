import type { Diagnostic } from '../diagnostics.js';
import type { LoadedDocument } from '../document.js';
import type { PolicyFacts } from './facts.js';
import type { Rule } from './rule.js';
import { getPointer, renderTemplate, toNodePath } from './template.js';

/** What one rule found in one project, before waivers: skipped (with why), or evaluated with findings. */
export type RuleEvaluation = { kind: 'skipped'; reason: string } | { kind: 'evaluated'; findings: Diagnostic[] };

/**
 * Evaluate one rule over one project's facts. A live rule without live facts, a plan rule without the
 * project's computed plan, a `forEach` that points at
 * no list or an empty one, and conditions whose `when` never matched all give `skipped`. Each failed
 * `assert` gives one finding, rendered from the facts and located through `doc.locate`.
 */
export function evaluateRule(rule: Rule, facts: PolicyFacts, doc: LoadedDocument): RuleEvaluation {
  if (rule.scope === 'live' && facts.live === undefined)
    return { kind: 'skipped', reason: 'no live facts for this project' };
  if (rule.scope === 'plan' && facts.plan === undefined)
    return { kind: 'skipped', reason: 'no computed plan for this project' };
  let items: { data: unknown; index: number | undefined }[];
  if (rule.forEach === undefined) {
    items = [{ data: facts, index: undefined }];
  } else {
    const list = getPointer(facts, rule.forEach);
    if (!Array.isArray(list)) return { kind: 'skipped', reason: `${rule.forEach} is not a list in the facts` };
    items = list.map((item: unknown, index) => ({ data: { ...facts, item, index }, index }));
  }
  const findings: Diagnostic[] = [];
  let applied = false;
  for (const { data, index } of items) {
    if (rule.when !== true && !rule.when(data)) continue;
    for (const check of rule.checks) {
      if (check.when !== true && !check.when(data)) continue;
      applied = true;
      if (check.assert(data)) continue;
      const path = toNodePath(renderTemplate(check.locate ?? 'spec', data, index));
      findings.push({
        code: rule.id,
        ruleId: rule.id,
        severity: check.severity,
        message: renderTemplate(check.message, data, index),
        projectId: facts.projectId,
        helpUri: rule.docs,
        ...doc.locate(path),
      });
    }
  }
  return applied
    ? { kind: 'evaluated', findings }
    : { kind: 'skipped', reason: 'the rule does not apply to this project' };
}
