import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedDocument } from '../document.js';
import type { LiveProjectState } from '../live.js';
import { loadDesiredState } from '../load/index.js';
import { loadYamlModule } from '../load/yaml-module.js';
import { fixtureFailure, readExpectations } from './check-fixture.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { loadRulePacks, type LoadRulePacksOptions } from './load-rule-packs.js';
import type { ComputedPlan } from './plan-facts.js';
import type { FixtureExpectation, FixtureResult, PolicyTestReport, RuleTestReport } from './policy-test-report.js';
import type { Rule } from './rule.js';

/** Loads desired-state files into documents (the signature of `loadDesiredState`). */
export type DesiredStateLoader = (
  paths: string[],
  options?: { cwd?: string },
) => Promise<{ documents: LoadedDocument[]; diagnostics: Diagnostic[] }>;

/**
 * Computes the plans of a fixture's documents against its live facts: the planner, injected by whoever
 * has it (core cannot depend on the planner). Problems of the input come back as diagnostics.
 */
export type PlanComputer = (
  documents: readonly LoadedDocument[],
  live: ReadonlyMap<string, LiveProjectState>,
) => { plans: ReadonlyMap<string, ComputedPlan>; diagnostics: readonly Diagnostic[] };

export interface PolicyTestOptions {
  /** Loads fixture files; defaults to `loadDesiredState`, the loader `check` uses. */
  loadDocuments?: DesiredStateLoader;
  /** Today (`YYYY-MM-DD`) for waiver expiry inside fixtures; defaults to the current UTC date. */
  today?: string;
  /** Further rule folders loaded beside the pack (e.g. the built-in rules when testing a user pack). */
  extraRuleDirs?: string[];
  /** Computes fixture plans for plan-scope rules; without it, a plan rule's fixtures fail and say so. */
  computePlans?: PlanComputer;
  /** Precompiled modules of packs atlas-cmk ships itself (see `loadRulePacks`); a user's pack is data only. */
  precompiled?: LoadRulePacksOptions['precompiled'];
}

/**
 * Run every fixture of a pack (`<packDir>/rules/*.yaml`, `<packDir>/fixtures/<rule-id>/{pass,fail}/*.yaml`,
 * with `<name>.live.yaml` live facts and `<name>.expect.yaml` expectations beside a fixture). A pass
 * fixture must give no finding of its rule, a fail fixture at least one; every rule needs both kinds.
 * A plan rule's fixture is planned against its live facts by `options.computePlans` (the real planner),
 * and the rule judges that plan.
 */
export async function runPolicyTests(packDir: string, options: PolicyTestOptions = {}): Promise<PolicyTestReport> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const packs = options.precompiled ? { precompiled: options.precompiled } : {};
  const own = await loadRulePacks([join(packDir, 'rules')], packs);
  const extra =
    options.extraRuleDirs === undefined
      ? { rules: [], diagnostics: [] }
      : await loadRulePacks(options.extraRuleDirs, packs);
  const allRules = [...own.rules, ...extra.rules.filter((r) => !own.rules.some((o) => o.id === r.id))];
  const reports: RuleTestReport[] = [];
  for (const rule of own.rules) {
    const fixtures: FixtureResult[] = [];
    const problems: string[] = [];
    for (const expected of ['pass', 'fail'] as const) {
      const dir = join(packDir, 'fixtures', ...rule.id.split('/'), expected);
      const files = await fixtureFiles(dir);
      if (files.length === 0) problems.push(`no ${expected} fixture in ${dir}`);
      for (const file of files)
        fixtures.push(await runFixture(rule, allRules, join(dir, file), expected, today, options));
    }
    reports.push({ ruleId: rule.id, ok: problems.length === 0 && fixtures.every((f) => f.ok), fixtures, problems });
  }
  for (const ruleId of await fixtureRuleIds(join(packDir, 'fixtures'))) {
    if (own.rules.some((r) => r.id === ruleId)) continue;
    // Fixtures of a renamed or misspelt rule would otherwise never run without anyone noticing.
    const problem = `fixtures exist for ${ruleId}, but ${join(packDir, 'rules')} defines no rule with that id`;
    reports.push({ ruleId, ok: false, fixtures: [], problems: [problem] });
  }
  const all = reports.flatMap((r) => r.fixtures);
  const passed = all.filter((f) => f.ok).length;
  return {
    packDir,
    ok: own.diagnostics.length === 0 && reports.every((r) => r.ok),
    rules: reports,
    diagnostics: own.diagnostics,
    counts: { rules: reports.length, fixtures: all.length, passed, failed: all.length - passed },
  };
}

/** Rule ids that have fixture files (`<rule-id>/{pass,fail}/*.yaml` under `dir`), sorted. */
async function fixtureRuleIds(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  const ids = entries.flatMap((entry) => {
    const match = /^(.+)\/(?:pass|fail)\/[^/]+\.ya?ml$/.exec(entry.split('\\').join('/'));
    return match?.[1] === undefined ? [] : [match[1]];
  });
  return [...new Set(ids)].sort();
}

async function fixtureFiles(dir: string): Promise<string[]> {
  try {
    return readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n) && !/\.(live|expect)\.ya?ml$/.test(n))
      .sort();
  } catch {
    return [];
  }
}

async function runFixture(
  rule: Rule,
  rules: readonly Rule[],
  file: string,
  expected: FixtureExpectation,
  today: string,
  options: PolicyTestOptions,
): Promise<FixtureResult> {
  const fail = (reason: string): FixtureResult => ({ file, expected, ok: false, findings: 0, reason });
  const loaded = await (options.loadDocuments ?? loadDesiredState)([file]);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || loaded.documents.length === 0) {
    const first = errors[0];
    return fail(
      first === undefined
        ? 'the fixture holds no document'
        : `the fixture does not load: ${first.line}:${first.column} ${first.message} (${first.code})`,
    );
  }
  const stem = file.replace(/\.ya?ml$/, '');
  const live = await readSibling(`${stem}.live.yaml`);
  if (typeof live === 'string') return fail(live);
  if (rule.scope !== 'static' && live === undefined)
    return fail(`a ${rule.scope} rule's fixture needs live facts in ${stem}.live.yaml`);
  const expectRaw = await readSibling(`${stem}.expect.yaml`);
  if (typeof expectRaw === 'string') return fail(expectRaw);
  const expectations = expectRaw === undefined ? undefined : readExpectations(expectRaw);
  if (typeof expectations === 'string') return fail(expectations);
  const states = live === undefined ? [] : Array.isArray(live) ? live : [live];
  const liveMap = new Map((states as LiveProjectState[]).map((s) => [s.projectId, s]));
  const unmatched = loaded.documents.find((d) => live !== undefined && !liveMap.has(d.project.spec.projectId));
  if (unmatched !== undefined)
    return fail(`${stem}.live.yaml has no live facts for project ${unmatched.project.spec.projectId}`);
  let plans: ReadonlyMap<string, ComputedPlan> | undefined;
  if (rule.scope === 'plan') {
    if (options.computePlans === undefined)
      return fail('a plan rule needs the planner to compute its fixtures: run it with atlas-cmk policy test');
    const computed = options.computePlans(loaded.documents, liveMap);
    const error = computed.diagnostics.find((d) => d.severity === 'error');
    if (error !== undefined)
      return fail(`the fixture cannot be planned: ${error.line}:${error.column} ${error.message} (${error.code})`);
    plans = computed.plans;
  }
  const result = evaluatePolicy({
    rules,
    documents: loaded.documents,
    scope: 'all',
    live: liveMap,
    ...(plans === undefined ? {} : { plans }),
    today,
  });
  const findings = result.findings.filter((f) => f.ruleId === rule.id && f.waived === undefined);
  const reason = fixtureFailure(expected, findings, expectations);
  return reason === undefined
    ? { file, expected, ok: true, findings: findings.length }
    : { file, expected, ok: false, findings: findings.length, reason };
}

/** A sibling YAML file's value, undefined when it does not exist, or a sentence saying why it is unusable. */
async function readSibling(path: string): Promise<unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const { parse } = loadYamlModule();
  try {
    const value: unknown = parse(text);
    return typeof value === 'string' ? `${path} must hold a mapping or a list, not text` : value;
  } catch (error) {
    return `${path} is not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`;
  }
}
