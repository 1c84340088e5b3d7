import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedDocument } from '../document.js';
import type { LiveProjectState } from '../live.js';
import { loadDesiredState } from '../load/index.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { loadRulePacks } from './load-rule-packs.js';

const builtinRules = new URL('../../../../policies/rules/', import.meta.url).pathname;
const PROJECT = '66c9e8f1dd6c9960802420e9';
const SECRET = 'Xy9~Q8rT.very-secret-value';

function desired(extra: { secret?: string; regions?: string; clusters?: string; waivers?: string } = {}): string {
  return `apiVersion: atlas-cmk/v1
kind: ProjectEncryption
metadata:
  name: payments-prod
spec:
  projectId: ${PROJECT}
  azureKeyVault:
    enabled: true
    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6
    tenantID: 1f6ef922-9303-402a-bae2-cc68810b023c
    secret: ${extra.secret ?? '${env:AZURE_CLIENT_SECRET}'}
    subscriptionID: 009774e0-124f-4a69-83e0-ca8cd8acb4e2
    resourceGroupName: rg-payments
    keyVaultName: kv-payments
    keyIdentifier: https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f
    requirePrivateNetworking: true
  privateEndpoints:
    regions: ${extra.regions ?? '[US_CENTRAL]'}
  clusters:
${extra.clusters ?? '    - { name: orders, encryptionAtRest: true }'}
${extra.waivers === undefined ? '' : `  waivers:\n${extra.waivers}`}`;
}

async function load(text: string): Promise<LoadedDocument[]> {
  const dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-policy-'));
  await writeFile(join(dir, 'project.yaml'), text);
  const { documents, diagnostics } = await loadDesiredState(['project.yaml'], { cwd: dir });
  expect(diagnostics).toEqual([]);
  return documents;
}

function liveState(regions: string[]): LiveProjectState {
  return {
    projectId: PROJECT,
    project: { id: PROJECT, name: 'payments-prod', orgId: '5f1e2d3c4b5a697887960001' },
    encryptionAtRest: { azureKeyVault: { enabled: false } },
    endpoints: [],
    clusters: [
      {
        name: 'orders',
        backupEnabled: false,
        replicationSpecs: [
          {
            regionConfigs: regions.map((regionName) => ({
              providerName: 'AZURE',
              regionName,
              electableSpecs: { instanceSize: 'M30' },
            })),
          },
        ],
      },
    ],
  };
}

const { rules } = await loadRulePacks([builtinRules]);

describe('evaluatePolicy', () => {
  it('passes a clean document and skips live rules without live facts and plan rules without a plan', async () => {
    const documents = await load(desired());
    const result = evaluatePolicy({ rules, documents, scope: 'all', today: '2026-11-28' });
    expect(result.findings).toEqual([]);
    expect(result.counts).toEqual({ pass: 8, fail: 0, skip: 11, waived: 0 });
    expect(result.results.find((r) => r.ruleId === 'cmk/cluster-exists')).toMatchObject({
      status: 'skip',
      reason: 'no live facts for this project',
    });
    expect(result.results.find((r) => r.ruleId === 'cmk/plan-max-destructive-steps')).toMatchObject({
      status: 'skip',
      reason: 'no computed plan for this project',
    });
    expect(evaluatePolicy({ rules, documents, scope: 'static', today: '2026-11-28' }).results).toHaveLength(8);
  });

  it('runs forEach rules per item and locates each finding at its item', async () => {
    const documents = await load(desired({ regions: '[US_CENTRAL]' }));
    const result = evaluatePolicy({
      rules,
      documents,
      scope: 'live',
      live: new Map([[PROJECT, liveState(['US_CENTRAL', 'EUROPE_NORTH', 'UK_SOUTH'])]]),
      today: '2026-11-28',
    });
    const finding = result.findings.find((f) => f.ruleId === 'cmk/endpoint-regions-cover-clusters');
    expect(finding).toMatchObject({
      code: 'cmk/endpoint-regions-cover-clusters',
      severity: 'error',
      file: 'project.yaml',
      line: 20,
      column: 15,
      projectId: PROJECT,
      helpUri: 'https://www.mongodb.com/docs/atlas/security/azure-kms-over-private-endpoint/',
    });
    expect(finding?.message).toContain(
      'cluster orders has nodes in EUROPE_NORTH, UK_SOUTH, where no private endpoint is listed',
    );
  });

  it('reports a literal secret without its value, and refuses to waive it', async () => {
    const documents = await load(
      desired({ secret: SECRET, waivers: '    - { rule: cmk/no-inline-secret, reason: later, expires: 2099-01-01 }' }),
    );
    const result = evaluatePolicy({ rules, documents, scope: 'static', today: '2026-11-28' });
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(result.findings.map((f) => [f.code, f.line, f.waived])).toEqual([
      ['cmk/no-inline-secret', 11, undefined],
      ['waiver/invalid', 22, undefined],
    ]);
    expect(result.findings[1]?.message).toBe(
      'rule cmk/no-inline-secret cannot be waived (waivable: false): fix the finding and remove this waiver',
    );
  });

  it('waives findings of an active waiver, and fails again once it expired', async () => {
    const waiver =
      '    - { rule: cmk/endpoint-regions-cover-clusters, reason: "EU nodes retire in Q1", expires: 2027-03-31 }';
    const documents = await load(desired({ waivers: waiver }));
    const live = new Map([[PROJECT, liveState(['US_CENTRAL', 'EUROPE_NORTH'])]]);
    const active = evaluatePolicy({ rules, documents, scope: 'all', live, today: '2027-03-31' });
    expect(active.findings).toEqual([
      expect.objectContaining({
        ruleId: 'cmk/endpoint-regions-cover-clusters',
        waived: { reason: 'EU nodes retire in Q1', expires: '2027-03-31' },
      }),
    ]);
    expect(active.counts.waived).toBe(1);
    expect(active.counts.fail).toBe(0);

    const expired = evaluatePolicy({ rules, documents, scope: 'all', live, today: '2027-04-01' });
    expect(expired.findings.map((f) => [f.code, f.severity, f.line, f.waived])).toEqual([
      ['cmk/endpoint-regions-cover-clusters', 'error', 20, undefined],
      ['waiver/expired', 'error', 22, undefined],
    ]);
    expect(expired.findings[1]?.message).toBe(
      'waiver for cmk/endpoint-regions-cover-clusters expired on 2027-03-31: fix the findings, or renew the waiver with a new date and reason',
    );
    expect(expired.counts).toMatchObject({ fail: 1, waived: 0 });
  });

  it('names unknown waiver rules, with a suggestion when one is close', async () => {
    const waivers = [
      '    - { rule: cmk/endpoint-region-cover-cluster, reason: x, expires: 2099-01-01 }',
      '    - { rule: acme/nothing-like-it, reason: x, expires: 2099-01-01 }',
    ].join('\n');
    const documents = await load(desired({ waivers }));
    const result = evaluatePolicy({ rules, documents, scope: 'static', today: '2026-11-28' });
    expect(result.findings.map((f) => [f.code, f.line, f.message])).toEqual([
      [
        'waiver/unknown-rule',
        22,
        'waiver names no known rule "cmk/endpoint-region-cover-cluster"; did you mean "cmk/endpoint-regions-cover-clusters"?',
      ],
      ['waiver/unknown-rule', 23, 'waiver names no known rule "acme/nothing-like-it"'],
    ]);
  });

  it('checks Atlas Azure region names even for documents the schema did not filter, once per region', async () => {
    const [doc] = await load(desired());
    const withRegions = (azureEnvironment: 'AZURE' | 'AZURE_CHINA', regions: string[]): LoadedDocument => ({
      ...doc!,
      project: {
        ...doc!.project,
        spec: {
          ...doc!.project.spec,
          azureKeyVault: { ...doc!.project.spec.azureKeyVault, azureEnvironment },
          privateEndpoints: { regions, approval: 'manual' },
        },
      },
      locate: (path) => ({ file: 'hand-made.yaml', line: path.length, column: Number(path[path.length - 1]) }),
    });
    const regionRule = rules.filter((r) => r.id === 'cmk/azure-region-name');
    const run = (document: LoadedDocument) =>
      evaluatePolicy({ rules: regionRule, documents: [document], scope: 'static', today: '2026-11-28' }).findings;
    const publicCloud = run(withRegions('AZURE', ['US_CENTRAL', 'centralus']));
    expect(publicCloud.map((f) => [f.code, f.line, f.column])).toEqual([['cmk/azure-region-name', 4, 1]]);
    expect(publicCloud[0]?.message).toMatch(/^"centralus" is not an Atlas Azure region name/);
    const china = run(withRegions('AZURE_CHINA', ['CHINA_EAST', 'chinaeast', 'UK_SOUTH']));
    expect(china.map((f) => [f.column, f.message.slice(0, 40)])).toEqual([
      [1, '"chinaeast" is not an Atlas Azure region'],
      [2, 'UK_SOUTH is not a region of the Azure cl'],
    ]);
  });

  it('evaluates a user rule: when decides skip, $data compares two facts, the message is rendered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-user-pack-'));
    await writeFile(
      join(dir, 'key-name.yaml'),
      `id: acme/key-named-after-project
severity: info
scope: static
description: The key is named after the project.
docs: https://example.com/acme/key-named-after-project
when:
  properties:
    metadata:
      required: [labels]
assert:
  properties:
    derived:
      properties:
        keyIdentifier:
          properties:
            keyName: { const: { $data: '/metadata/name' } }
locate: spec.azureKeyVault.keyIdentifier
message: key {{ derived.keyIdentifier.keyName }} should be named {{ metadata.name }} ({{ metadata.labels.team }})
`,
    );
    const user = await loadRulePacks([dir]);
    expect(user.diagnostics).toEqual([]);
    const unlabeled = await load(desired());
    const skipped = evaluatePolicy({ rules: user.rules, documents: unlabeled, scope: 'all', today: '2026-11-28' });
    expect(skipped.results.map((r) => [r.ruleId, r.status, r.reason])).toEqual([
      ['acme/key-named-after-project', 'skip', 'the rule does not apply to this project'],
    ]);
    const labeled = await load(
      desired().replace('  name: payments-prod', '  name: payments-prod\n  labels: { team: payments }'),
    );
    const failed = evaluatePolicy({ rules: user.rules, documents: labeled, scope: 'all', today: '2026-11-28' });
    expect(failed.findings.map((f) => [f.severity, f.line, f.message])).toEqual([
      ['info', 16, 'key atlas should be named payments-prod (payments)'],
    ]);
    expect(failed.counts).toEqual({ pass: 0, fail: 1, skip: 0, waived: 0 });
  });
});
