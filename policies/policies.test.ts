import { describe, expect, it } from 'vitest';
import { BUILTIN_RULE_IDS, loadRulePacks, runPolicyTests } from '../packages/core/src/index.js';
import { builtinPackDir, builtinRulesDir } from './index.js';

// Every fixture of the built-in pack, run through the same code as `atlas-cmk policy test`.
const report = await runPolicyTests(builtinPackDir, { today: '2026-11-28' });

describe('built-in policy pack', () => {
  it('loads without a problem and holds exactly the fourteen built-in rules', async () => {
    const { rules, diagnostics } = await loadRulePacks([builtinRulesDir]);
    expect(diagnostics).toEqual([]);
    expect(rules.map((r) => r.id).sort()).toEqual([...BUILTIN_RULE_IDS].sort());
    expect(report.diagnostics).toEqual([]);
  });

  it.each(BUILTIN_RULE_IDS)('%s passes all of its fixtures', (ruleId) => {
    const rule = report.rules.find((r) => r.ruleId === ruleId);
    expect(rule?.problems).toEqual([]);
    const failures = rule?.fixtures.filter((f) => !f.ok).map((f) => `${f.file}: ${f.reason ?? ''}`);
    expect(failures).toEqual([]);
    expect(rule?.fixtures.filter((f) => f.expected === 'pass').length).toBeGreaterThan(0);
    expect(rule?.fixtures.filter((f) => f.expected === 'fail').length).toBeGreaterThan(0);
    expect(rule?.ok).toBe(true);
  });
});
