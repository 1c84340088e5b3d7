import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPolicyTests } from './run-policy-tests.js';

const builtinRules = new URL('../../../../policies/rules/', import.meta.url).pathname;

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

const doc = (regions: string, waivers = '') => `apiVersion: atlas-cmk/v1
kind: ProjectEncryption
metadata: { name: p }
spec:
  projectId: 66c9e8f1dd6c9960802420e9
  azureKeyVault:
    enabled: true
    roleId: 66c9e8f1dd6c9960802420aa
    subscriptionID: 009774e0-124f-4a69-83e0-ca8cd8acb4e2
    resourceGroupName: rg
    keyVaultName: kv
    keyIdentifier: https://kv.vault.azure.net/keys/k/78b9134f9bc94fda8027a32b4715bf3f
    requirePrivateNetworking: true
  privateEndpoints: { regions: ${regions} }
${waivers}`;

const twoRegions = `id: acme/two-regions
severity: warning
scope: static
description: At least two endpoint regions.
docs: https://example.com/acme/two-regions
assert: { properties: { derived: { properties: { desiredRegions: { minItems: 2 } } } } }
locate: spec.privateEndpoints.regions
message: only {{ derived.desiredRegions }}
`;

const liveRule = `id: acme/no-endpoints-failed
severity: error
scope: live
description: No endpoint is FAILED.
docs: https://example.com/acme/no-endpoints-failed
match: { forEach: /live/endpoints }
assert: { properties: { item: { properties: { status: { not: { const: FAILED } } } } } }
message: endpoint {{ item.regionName }} failed
`;

describe('runPolicyTests', () => {
  it('reports per rule which fixtures passed and why the others failed', async () => {
    const pack = await mkdtemp(join(tmpdir(), 'atlas-cmk-pack-'));
    await writeTree(pack, {
      'rules/acme.yaml': `${twoRegions}---\n${liveRule}`,
      'fixtures/acme/two-regions/pass/two.yaml': doc('[US_CENTRAL, US_EAST]'),
      'fixtures/acme/two-regions/pass/waived.yaml': doc(
        '[US_CENTRAL]',
        '  waivers: [{ rule: acme/two-regions, reason: pilot, expires: 2099-01-01 }]',
      ),
      'fixtures/acme/two-regions/pass/wrong.yaml': doc('[US_CENTRAL]'),
      'fixtures/acme/two-regions/fail/one.yaml': doc('[US_CENTRAL]'),
      'fixtures/acme/two-regions/fail/one.expect.yaml': 'count: 1\nmessages: [only US_CENTRAL]\nlines: [14]\n',
      'fixtures/acme/two-regions/fail/miscounted.yaml': doc('[US_CENTRAL]'),
      'fixtures/acme/two-regions/fail/miscounted.expect.yaml': 'count: 2\n',
      'fixtures/acme/two-regions/fail/broken.yaml': doc('[US_CENTRAL'),
      'fixtures/acme/no-endpoints-failed/pass/no-live.yaml': doc('[US_CENTRAL, US_EAST]'),
      'fixtures/acme/two-region/fail/typo.yaml': doc('[US_CENTRAL]'),
    });
    const report = await runPolicyTests(pack, { today: '2026-11-28', extraRuleDirs: [builtinRules] });
    expect(report.ok).toBe(false);
    expect(report.diagnostics).toEqual([]);
    expect(report.counts).toEqual({ rules: 3, fixtures: 7, passed: 3, failed: 4 });
    const [regions, live, orphan] = report.rules;
    expect(regions?.ruleId).toBe('acme/two-regions');
    const summary = regions?.fixtures.map((f) => [
      f.file.slice(pack.length + 1),
      f.ok,
      f.reason?.replace(/: \d+:\d+ .*\((\S+)\)$/, ': … ($1)'),
    ]);
    expect(summary).toEqual([
      ['fixtures/acme/two-regions/pass/two.yaml', true, undefined],
      ['fixtures/acme/two-regions/pass/waived.yaml', true, undefined],
      ['fixtures/acme/two-regions/pass/wrong.yaml', false, 'expected no finding, got 1: 14:32 only US_CENTRAL'],
      ['fixtures/acme/two-regions/fail/broken.yaml', false, 'the fixture does not load: … (yaml/syntax)'],
      ['fixtures/acme/two-regions/fail/miscounted.yaml', false, 'expected 2 finding(s), got 1: 14:32 only US_CENTRAL'],
      ['fixtures/acme/two-regions/fail/one.yaml', true, undefined],
    ]);
    expect(live?.ok).toBe(false);
    expect(live?.problems).toEqual([`no fail fixture in ${join(pack, 'fixtures/acme/no-endpoints-failed/fail')}`]);
    expect(orphan).toEqual({
      ruleId: 'acme/two-region',
      ok: false,
      fixtures: [],
      problems: [`fixtures exist for acme/two-region, but ${join(pack, 'rules')} defines no rule with that id`],
    });
    expect(live?.fixtures[0]?.reason).toBe(
      `a live rule's fixture needs live facts in ${join(pack, 'fixtures/acme/no-endpoints-failed/pass/no-live')}.live.yaml`,
    );
  });

  it('passes a complete pack and reports broken rule files', async () => {
    const pack = await mkdtemp(join(tmpdir(), 'atlas-cmk-pack-'));
    await writeTree(pack, {
      'rules/acme.yaml': twoRegions,
      'rules/broken.yaml': 'id: acme/broken\n',
      'fixtures/acme/two-regions/pass/two.yaml': doc('[US_CENTRAL, US_EAST]'),
      'fixtures/acme/two-regions/fail/one.yaml': doc('[US_CENTRAL]'),
    });
    const report = await runPolicyTests(pack, { today: '2026-11-28' });
    expect(report.rules.map((r) => [r.ruleId, r.ok])).toEqual([['acme/two-regions', true]]);
    expect(report.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([
      'policy/invalid-rule 1:1 rule acme/broken: a rule needs either "assert" with "message", or a list of "checks" (exactly one of the two)',
      'policy/invalid-rule 1:1 rule acme/broken: the rule is missing the required field "severity"',
      'policy/invalid-rule 1:1 rule acme/broken: the rule is missing the required field "description"',
      'policy/invalid-rule 1:1 rule acme/broken: the rule is missing the required field "docs"',
      'policy/invalid-rule 1:1 rule acme/broken: the rule is missing the required field "scope"',
    ]);
    expect(report.ok).toBe(false);
  });
});
