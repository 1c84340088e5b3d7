import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_RULE_IDS,
  evaluatePolicy,
  loadDesiredState,
  loadRulePacks,
  precompileRulePack,
  precompiledModulePath,
  runPolicyTests,
  type PolicyTestReport,
} from '../packages/core/src/index.js';
import { plansByProject } from '../packages/planner/src/index.js';
import { builtinFixturesDir, builtinRulesDir } from './index.js';

// The pack is copied twice: once compiled at run time from YAML, once precompiled as the build does.
// Every fixture must hold either way, through the same code as `atlas-cmk policy test`.
async function copyPack(
  precompiled: boolean,
): Promise<{ root: string; precompiled?: Map<string, () => Promise<unknown>> }> {
  const root = await mkdtemp(join(tmpdir(), 'atlas-cmk-builtin-'));
  await cp(builtinRulesDir, join(root, 'rules'), { recursive: true });
  await cp(builtinFixturesDir, join(root, 'fixtures'), { recursive: true });
  if (!precompiled) return { root };
  const result = await precompileRulePack(join(root, 'rules'));
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  const out = precompiledModulePath(join(root, 'rules'));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, result.code);
  // The module is this test's own build output, so the test names it as trusted, as the CLI does for the built-in pack.
  return {
    root,
    precompiled: new Map([[join(root, 'rules'), () => import(pathToFileURL(out).href) as Promise<unknown>]]),
  };
}

async function report(precompiled: boolean): Promise<PolicyTestReport> {
  const pack = await copyPack(precompiled);
  return runPolicyTests(pack.root, {
    today: '2026-11-28',
    computePlans: plansByProject,
    ...(pack.precompiled ? { precompiled: pack.precompiled } : {}),
  });
}

const reports: Record<'runtime' | 'precompiled', PolicyTestReport> = {
  runtime: await report(false),
  precompiled: await report(true),
};

describe('built-in policy pack', () => {
  it('loads without a problem and holds exactly the built-in rules', async () => {
    const { rules, diagnostics } = await loadRulePacks([builtinRulesDir]);
    expect(diagnostics).toEqual([]);
    expect(rules.map((r) => r.id).sort()).toEqual([...BUILTIN_RULE_IDS].sort());
    expect(reports.runtime.diagnostics).toEqual([]);
    expect(reports.precompiled.diagnostics).toEqual([]);
  });

  describe.each(['runtime', 'precompiled'] as const)('compiled at %s', (mode) => {
    it.each(BUILTIN_RULE_IDS)('%s passes all of its fixtures', (ruleId) => {
      const rule = reports[mode].rules.find((r) => r.ruleId === ruleId);
      expect(rule?.problems).toEqual([]);
      const failures = rule?.fixtures.filter((f) => !f.ok).map((f) => `${f.file}: ${f.reason ?? ''}`);
      expect(failures).toEqual([]);
      expect(rule?.fixtures.filter((f) => f.expected === 'pass').length).toBeGreaterThan(0);
      expect(rule?.fixtures.filter((f) => f.expected === 'fail').length).toBeGreaterThan(0);
      expect(rule?.ok).toBe(true);
    });
  });
});

describe('policies/README.md', () => {
  it('documents a user rule that loads and works as described', async () => {
    const readme = await readFile(new URL('./README.md', import.meta.url), 'utf8');
    const example = /```yaml\n# acme-policies\/rules\/two-regions.yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('id: acme/two-endpoint-regions');
    const root = await mkdtemp(join(tmpdir(), 'atlas-cmk-readme-'));
    await mkdir(join(root, 'rules'));
    await writeFile(join(root, 'rules', 'two-regions.yaml'), example ?? '');
    const project = await readFile(join(builtinFixturesDir, 'cmk/azure-region-name/pass/atlas-names.yaml'), 'utf8');
    await writeFile(
      join(root, 'prod.yaml'),
      project
        .replace('  name: payments-prod', '  name: payments-prod\n  labels: { env: prod }')
        .replace(/regions: \[.*\]/, 'regions: [US_CENTRAL]'),
    );
    const { rules, diagnostics } = await loadRulePacks([builtinRulesDir, join(root, 'rules')]);
    expect(diagnostics).toEqual([]);
    const loaded = await loadDesiredState(['prod.yaml'], { cwd: root });
    expect(loaded.diagnostics).toEqual([]);
    const result = evaluatePolicy({ rules, documents: loaded.documents, scope: 'static', today: '2026-11-28' });
    expect(result.findings.map((f) => [f.code, f.severity, f.line, f.message])).toEqual([
      [
        'acme/two-endpoint-regions',
        'warning',
        21,
        'payments-prod is a production project but has endpoints only in US_CENTRAL: add a second region.',
      ],
    ]);
  });
});
