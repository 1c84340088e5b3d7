export * from './rule.js';
export type * from './facts.js';
export { buildFacts } from './build-facts.js';
export { buildPlanFacts } from './build-plan-facts.js';
export * from './plan-facts.js';
export { parseKeyIdentifier, KEY_VAULT_DNS_SUFFIX, type ParsedKeyIdentifier } from './key-identifier.js';
export { loadRulePacks, type LoadedRules, type LoadRulePacksOptions } from './load-rule-packs.js';
export { RULE_SCHEMA_PATH } from './rule-format.js';
export {
  evaluatePolicy,
  type PolicyInput,
  type PolicyResult,
  type PolicyScope,
  type RuleResult,
  type RuleStatus,
} from './evaluate-policy.js';
export { renderTemplate } from './template.js';
export {
  runPolicyTests,
  type DesiredStateLoader,
  type PlanComputer,
  type PolicyTestOptions,
} from './run-policy-tests.js';
export type * from './policy-test-report.js';
export { precompileRulePack, type PrecompileResult } from './precompile-rule-pack.js';
export { precompiledModulePath, type PrecompiledModuleLoader } from './precompiled-pack.js';
