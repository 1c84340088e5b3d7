import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  evaluatePolicy,
  loadDesiredState,
  loadRulePacks,
  type LiveAzureKeyVault,
  type LiveProjectState,
} from '@atlas-cmk/core';
import { plan } from '@atlas-cmk/planner';
import { afterAll, describe, expect, it } from 'vitest';
import { ruleDirs } from '../commands/rule-packs.js';
import { exportDocument, yamlScalar } from './status-export.js';

const PROJECT_ID = '66c9e8f1dd6c9960802420e9';
const VAULT: LiveAzureKeyVault = {
  enabled: true,
  azureEnvironment: 'AZURE',
  clientID: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6',
  tenantID: '1f6ef922-9303-402a-bae2-cc68810b023c',
  subscriptionID: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
  resourceGroupName: 'rg-payments',
  keyVaultName: 'kv-payments',
  keyIdentifier: 'https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f',
  requirePrivateNetworking: true,
  valid: true,
};

function live(vault: LiveAzureKeyVault, over: Partial<LiveProjectState> = {}): LiveProjectState {
  const endpoint = (regionName: string, status: 'ACTIVE' | 'DELETING' | 'FAILED', id: string) => ({
    id,
    cloudProvider: 'AZURE' as const,
    regionName,
    status,
    privateEndpointConnectionName: `pe-${id}`,
  });
  return {
    projectId: PROJECT_ID,
    project: { id: PROJECT_ID, name: 'payments-prod', orgId: '66c9e8f1dd6c9960802420a1' },
    encryptionAtRest: { azureKeyVault: vault, enabledForSearchNodes: false },
    endpoints: [
      endpoint('US_CENTRAL', 'ACTIVE', 'a1'),
      endpoint('EUROPE_NORTH', 'ACTIVE', 'b1'),
      endpoint('US_EAST_2', 'DELETING', 'c1'),
      endpoint('EUROPE_WEST', 'FAILED', 'd1'),
    ],
    clusters: [
      { name: 'orders', encryptionAtRestProvider: 'AZURE' },
      { name: 'analytics', encryptionAtRestProvider: 'NONE' },
    ],
    ...over,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Load the exported text as a user's file, run the static policy, and plan it against the same live state. */
async function roundTrip(state: LiveProjectState, text: string) {
  const file = join(dir, 'exported.yaml');
  writeFileSync(file, text);
  const loaded = await loadDesiredState([file]);
  const pack = await loadRulePacks(ruleDirs([], dir));
  const policy = evaluatePolicy({
    rules: pack.rules,
    documents: loaded.documents,
    scope: 'static',
    today: '2026-11-28',
  });
  const planned = plan({ documents: loaded.documents, live: new Map([[state.projectId, state]]) });
  return {
    problems: [...loaded.diagnostics, ...policy.findings, ...planned.diagnostics].filter((d) => d.severity === 'error'),
    documents: loaded.documents,
    summary: planned.plan.summary,
  };
}

describe('exportDocument', () => {
  it('writes the live project with the secret as a reference; check passes and plan has no changes', async () => {
    const state = live(VAULT);
    const text = exportDocument(state);
    expect(text).toBe(
      [
        '# yaml-language-server: $schema=https://atlas-cmk.dev/schema/project-encryption.v1.schema.json',
        '# The live state of Atlas project payments-prod, written by atlas-cmk export.',
        'apiVersion: atlas-cmk/v1',
        'kind: ProjectEncryption',
        'metadata:',
        '  name: payments-prod',
        'spec:',
        `  projectId: ${PROJECT_ID}`,
        '  azureKeyVault:',
        '    enabled: true',
        '    azureEnvironment: AZURE',
        '    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6',
        '    tenantID: 1f6ef922-9303-402a-bae2-cc68810b023c',
        '    secret: ${env:AZURE_CLIENT_SECRET}',
        '    subscriptionID: 009774e0-124f-4a69-83e0-ca8cd8acb4e2',
        '    resourceGroupName: rg-payments',
        '    keyVaultName: kv-payments',
        '    keyIdentifier: https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f',
        '    requirePrivateNetworking: true',
        '  enabledForSearchNodes: false',
        '  privateEndpoints:',
        '    regions: [US_CENTRAL, EUROPE_NORTH]',
        '    approval: manual',
        '  clusters:',
        '    - name: orders',
        '      encryptionAtRest: true',
        '',
      ].join('\n'),
    );
    // Without the DELETING and FAILED regions the plan would still act on them; with only wanted ones it is empty.
    const healthy = live(VAULT, { endpoints: state.endpoints.slice(0, 2) });
    const result = await roundTrip(healthy, exportDocument(healthy));
    expect(result.problems).toEqual([]);
    expect(result.documents[0]?.project.spec.azureKeyVault.secret).toEqual({
      kind: 'env',
      name: 'AZURE_CLIENT_SECRET',
      raw: '${env:AZURE_CLIENT_SECRET}',
    });
    expect(result.summary).toEqual({ add: 0, change: 0, destroy: 0, steps: 0 });
  });

  it('writes paused: true for a paused cluster, so plan of the exported file has no changes (no resume)', async () => {
    const paused = live(VAULT, {
      endpoints: [],
      clusters: [{ name: 'orders', encryptionAtRestProvider: 'AZURE', paused: true }],
    });
    const text = exportDocument(paused);
    expect(text).toContain('    - name: orders\n      encryptionAtRest: true\n      paused: true\n');
    const result = await roundTrip(paused, text);
    expect(result.problems).toEqual([]);
    expect(result.documents[0]?.project.spec.clusters).toEqual([
      { name: 'orders', encryptionAtRest: true, paused: true },
    ]);
    expect(result.summary).toEqual({ add: 0, change: 0, destroy: 0, steps: 0 });
    // Without it, the plan resumes the cluster.
    const resumed = await roundTrip(paused, text.replace('      paused: true\n', ''));
    expect(resumed.summary).toEqual({ add: 0, change: 1, destroy: 0, steps: 2 });
  });

  it('uses roleId when the project signs in with a role, and never writes a secret then', async () => {
    const { clientID: _c, tenantID: _t, ...rest } = VAULT;
    const state = live({ ...rest, roleId: '66c9e8f1dd6c9960802420ff' }, { endpoints: [] });
    const text = exportDocument(state, { name: 'payments (role)' });
    expect(text).toContain('    roleId: 66c9e8f1dd6c9960802420ff\n');
    expect(text).not.toMatch(/secret|clientID/);
    expect(text).toContain('  name: "payments (role)"\n');
    const result = await roundTrip(state, text);
    expect(result.documents[0]?.project.metadata.name).toBe('payments (role)');
    expect(result.problems).toEqual([]);
    expect(result.summary.steps).toBe(0);
  });

  it('exports a project without CMK as disabled, and plan leaves it alone', async () => {
    const state = live(
      { enabled: false, requirePrivateNetworking: false, valid: false },
      { endpoints: [], clusters: [] },
    );
    const text = exportDocument(state);
    expect(text).toContain('    enabled: false\n');
    expect(text).toContain('  clusters: []\n');
    const result = await roundTrip(state, text);
    expect(result.problems).toEqual([]);
    expect(result.summary.steps).toBe(0);
  });
});

describe('yamlScalar', () => {
  it('keeps ids, names and URLs plain and quotes what YAML would read as something else', () => {
    expect(yamlScalar('kv-payments')).toBe('kv-payments');
    expect(yamlScalar('https://kv.vault.azure.net/keys/a/1')).toBe('https://kv.vault.azure.net/keys/a/1');
    expect(yamlScalar('66c9e8f1dd6c9960802420e9')).toBe('66c9e8f1dd6c9960802420e9');
    for (const tricky of [
      'true',
      'No',
      'null',
      '123456789012345678901234',
      '1e5',
      '0x1F',
      '2026-01-01',
      '',
      'a: b',
      '#x',
      "it's",
    ]) {
      expect(yamlScalar(tricky)).toBe(JSON.stringify(tricky));
    }
  });
});
