import { compareDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { LoadedDocument } from '../document.js';
import type { LiveProjectState } from '../live.js';
import { buildFacts } from './build-facts.js';
import { evaluateRule } from './evaluate-rule.js';
import type { ComputedPlan } from './plan-facts.js';
import type { Rule } from './rule.js';
import { isIsoDate, resolveWaivers } from './waivers.js';

/**
 * Which rules to run: `static` for `check`; `live` or `plan` for only those; `all` for every rule (live and
 * plan rules are skipped for a project whose live facts or computed plan are not given).
 */
export type PolicyScope = 'static' | 'live' | 'plan' | 'all';

/** The outcome of one rule for one project. `waived`: it failed, and an active waiver covers it. */
export type RuleStatus = 'pass' | 'fail' | 'skip' | 'waived';

/** One rule × one project. */
export interface RuleResult {
  ruleId: string;
  projectId: string;
  file: string;
  status: RuleStatus;
  /** Number of findings (waived ones included). */
  findings: number;
  /** Why the rule was skipped, or which waiver covers it. */
  reason?: string;
}

export interface PolicyInput {
  rules: readonly Rule[];
  documents: readonly LoadedDocument[];
  scope: PolicyScope;
  /** Live facts by project id; live rules are skipped for projects without an entry. */
  live?: ReadonlyMap<string, LiveProjectState>;
  /** Computed plans by project id; plan rules are skipped for projects without an entry. */
  plans?: ReadonlyMap<string, ComputedPlan>;
  /** Today's date `YYYY-MM-DD` (UTC), passed in so that waiver expiry is reproducible. */
  today: string;
}

export interface PolicyResult {
  /** Findings (waived ones carry `waived`) and waiver problems, sorted by file, line, column, code. */
  findings: Diagnostic[];
  results: RuleResult[];
  counts: Record<RuleStatus, number>;
}

/**
 * Run the rules of `scope` over every document. Pure: no I/O, and the inputs are not modified. Waiver
 * problems (`waiver/expired`, `waiver/unknown-rule`, `waiver/invalid`) are reported on every call,
 * whatever the scope, checked against all of `rules`. A rule `fail`s when it has any finding, whatever
 * its severity; callers decide which severities fail a command. Throws only on a malformed `today`.
 */
export function evaluatePolicy(input: PolicyInput): PolicyResult {
  if (!isIsoDate(input.today))
    throw new Error(`evaluatePolicy needs today as YYYY-MM-DD, got ${JSON.stringify(input.today)}`);
  const findings: Diagnostic[] = [];
  const results: RuleResult[] = [];
  const counts: Record<RuleStatus, number> = { pass: 0, fail: 0, skip: 0, waived: 0 };
  const inScope = input.rules.filter((r) => input.scope === 'all' || r.scope === input.scope);
  const rulesById = new Map(input.rules.map((r) => [r.id, r]));
  // Indexed loops and no object spreads on this path: `check` runs it for every document of every commit, in a
  // process too short-lived for V8 to optimise it, where each iterator and copy costs.
  for (let d = 0; d < input.documents.length; d++) {
    const doc = input.documents[d]!;
    const projectId = doc.project.spec.projectId;
    const facts = buildFacts(doc, input.live?.get(projectId), input.plans?.get(projectId));
    const waivers = resolveWaivers(doc, rulesById, input.today);
    for (const diagnostic of waivers.diagnostics) findings.push(diagnostic);
    for (let r = 0; r < inScope.length; r++) {
      const rule = inScope[r]!;
      const evaluation = evaluateRule(rule, facts, doc);
      let result: RuleResult;
      switch (evaluation.kind) {
        case 'skipped':
          result = {
            ruleId: rule.id,
            projectId,
            file: doc.file,
            status: 'skip',
            findings: 0,
            reason: evaluation.reason,
          };
          break;
        case 'evaluated': {
          const found = evaluation.findings;
          const waiver = found.length === 0 ? undefined : waivers.active.get(rule.id);
          if (found.length === 0) {
            result = { ruleId: rule.id, projectId, file: doc.file, status: 'pass', findings: 0 };
          } else if (waiver !== undefined) {
            const waived = { reason: waiver.reason, expires: waiver.expires };
            findings.push(...found.map((f) => ({ ...f, waived })));
            result = {
              ruleId: rule.id,
              projectId,
              file: doc.file,
              status: 'waived',
              findings: found.length,
              reason: `waived until ${waiver.expires}: ${waiver.reason}`,
            };
          } else {
            findings.push(...found);
            result = { ruleId: rule.id, projectId, file: doc.file, status: 'fail', findings: found.length };
          }
          break;
        }
        default: {
          const never: never = evaluation;
          throw new Error(`unknown evaluation ${JSON.stringify(never)}`);
        }
      }
      counts[result.status] += 1;
      results.push(result);
    }
  }
  return { findings: findings.sort(compareDiagnostics), results, counts };
}
