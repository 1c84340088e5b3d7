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
  const findings: Diagnostic[] = [];
  let applied = false;
  /** The rule's checks over one item (the facts themselves, or one element of the `forEach` list). */
  const run = (data: unknown, index: number | undefined): void => {
    if (rule.when !== true && !rule.when(data)) return;
    // Indexed loop: `check` runs this for every rule of every document, mostly before V8 optimises it.
    for (let c = 0; c < rule.checks.length; c++) {
      const check = rule.checks[c]!;
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
  };
  if (rule.forEach === undefined) {
    run(facts, undefined);
  } else {
    const list = getPointer(facts, rule.forEach);
    if (!Array.isArray(list)) return { kind: 'skipped', reason: `${rule.forEach} is not a list in the facts` };
    for (let index = 0; index < list.length; index++) run({ ...facts, item: list[index] as unknown, index }, index);
  }
  return applied
    ? { kind: 'evaluated', findings }
    : { kind: 'skipped', reason: 'the rule does not apply to this project' };
}
