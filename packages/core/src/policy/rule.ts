import type { ValidateFunction } from 'ajv';
import type { Severity, SourceLocation } from '../diagnostics.js';

/** The ids of the built-in pack (`policies/rules`). Users and CI refer to them; they never change. */
export type BuiltinRuleId =
  | 'cmk/key-identifier-format'
  | 'cmk/key-in-configured-vault'
  | 'cmk/vault-dns-matches-environment'
  | 'cmk/no-inline-secret'
  | 'cmk/no-tool-credential-reference'
  | 'cmk/private-networking-consistency'
  | 'cmk/clusters-need-project-cmk'
  | 'cmk/azure-region-name'
  | 'cmk/cluster-min-tier'
  | 'cmk/no-multi-cloud'
  | 'cmk/project-active'
  | 'cmk/cluster-exists'
  | 'cmk/immutable-vault-settings'
  | 'cmk/endpoint-regions-cover-clusters'
  | 'cmk/key-rotation-backups'
  | 'cmk/plan-keep-cmk-in-production'
  | 'cmk/plan-rotation-apart-from-endpoint-deletions'
  | 'cmk/plan-max-destructive-steps'
  | 'cmk/plan-manual-approval-in-production';

/** Every built-in rule id: the rules of PRODUCT.md section 3, then the plan rules. */
export const BUILTIN_RULE_IDS: readonly BuiltinRuleId[] = [
  'cmk/key-identifier-format',
  'cmk/key-in-configured-vault',
  'cmk/vault-dns-matches-environment',
  'cmk/no-inline-secret',
  'cmk/no-tool-credential-reference',
  'cmk/private-networking-consistency',
  'cmk/clusters-need-project-cmk',
  'cmk/azure-region-name',
  'cmk/cluster-min-tier',
  'cmk/no-multi-cloud',
  'cmk/project-active',
  'cmk/cluster-exists',
  'cmk/immutable-vault-settings',
  'cmk/endpoint-regions-cover-clusters',
  'cmk/key-rotation-backups',
  'cmk/plan-keep-cmk-in-production',
  'cmk/plan-rotation-apart-from-endpoint-deletions',
  'cmk/plan-max-destructive-steps',
  'cmk/plan-manual-approval-in-production',
];

/**
 * `static` rules need only the desired-state file; `live` rules also need the project's live facts; `plan`
 * rules also need the project's computed plan (they judge what a change does, not only the desired file).
 */
export type RuleScope = 'static' | 'live' | 'plan';

/** Every rule scope, in the order a plan run needs their facts. */
export const RULE_SCOPES: readonly RuleScope[] = ['static', 'live', 'plan'];

/** A condition compiled once at load time. `true` when the rule file gave none (always applies). */
export type CompiledCondition = ValidateFunction | true;

/** One check of a rule: a compiled `when`/`assert` pair with the severity, message and location it reports. */
export interface RuleCheck {
  severity: Severity;
  message: string;
  locate: string | undefined;
  when: CompiledCondition;
  assert: ValidateFunction;
}

/**
 * A loaded, validated and compiled policy rule. Rules are data: the engine interprets them generically.
 * A rule with one `assert` has one check; a rule with `checks:` has several (each with its own severity).
 */
export interface Rule {
  id: string;
  /** The rule's own severity (the first check's default); SARIF metadata reports it. */
  severity: Severity;
  description: string;
  docs: string;
  scope: RuleScope;
  waivable: boolean;
  /** JSON pointer to an array in the facts document, or undefined to run once per project. */
  forEach: string | undefined;
  /** Applies to every check, before the check's own `when`. */
  when: CompiledCondition;
  checks: readonly RuleCheck[];
  /** Where the rule was defined (its `id` node). */
  source: SourceLocation;
}

/** The parts of a rule that reports (SARIF `tool.driver.rules`, `--help` listings) need. */
export interface RuleMetadata {
  id: string;
  severity: Severity;
  description: string;
  docs: string;
  scope: RuleScope;
  waivable: boolean;
}

/** The metadata of one rule. */
export function ruleMetadata(rule: Rule): RuleMetadata {
  return {
    id: rule.id,
    severity: rule.severity,
    description: rule.description,
    docs: rule.docs,
    scope: rule.scope,
    waivable: rule.waivable,
  };
}

/** The metadata of every rule, sorted by id (a stable order for SARIF and listings). */
export function rulesMetadata(rules: readonly Rule[]): RuleMetadata[] {
  return rules.map(ruleMetadata).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
