import { describe, expect, it } from 'vitest';
import type { LoadedDocument } from '../document.js';
import type { LiveProjectState } from '../live.js';
import type { ProjectEncryption } from '../model.js';
import { buildFacts } from './build-facts.js';

const project: ProjectEncryption = {
  apiVersion: 'atlas-cmk/v1',
  kind: 'ProjectEncryption',
  metadata: { name: 'payments-prod' },
  spec: {
    projectId: '66c9e8f1dd6c9960802420e9',
    azureKeyVault: {
      enabled: true,
      azureEnvironment: 'AZURE_CHINA',
      secret: { kind: 'env', name: 'AZURE_CLIENT_SECRET', raw: '${env:AZURE_CLIENT_SECRET}' },
      subscriptionID: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
      resourceGroupName: 'rg-new',
      keyVaultName: 'KV-Payments',
      keyIdentifier: 'https://kv-payments.vault.azure.cn/keys/atlas/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      requirePrivateNetworking: true,
    },
    privateEndpoints: { regions: ['CHINA_NORTH'], approval: 'manual' },
    clusters: [
      { name: 'orders', encryptionAtRest: true },
      { name: 'ghost', encryptionAtRest: false },
      { name: 'tiny', encryptionAtRest: true },
    ],
    waivers: [{ rule: 'cmk/cluster-exists', reason: 'r', expires: '2099-01-01' }],
  },
};
const doc: LoadedDocument = {
  file: 'p.yaml',
  index: 0,
  project,
  locate: () => ({ file: 'p.yaml', line: 1, column: 1 }),
};

const live: LiveProjectState = {
  projectId: project.spec.projectId,
  project: { id: project.spec.projectId, name: 'payments-prod', orgId: 'org' },
  encryptionAtRest: {
    azureKeyVault: {
      enabled: true,
      resourceGroupName: 'rg-old',
      keyVaultName: 'KV-Payments',
      keyIdentifier: 'https://kv-payments.vault.azure.cn/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f',
    },
  },
  endpoints: [{ id: 'e1', cloudProvider: 'AZURE', regionName: 'CHINA_NORTH', status: 'ACTIVE' }],
  clusters: [
    {
      name: 'orders',
      backupEnabled: true,
      replicationSpecs: [
        {
          regionConfigs: [
            { providerName: 'AZURE', regionName: 'CHINA_NORTH', electableSpecs: { instanceSize: 'M30', nodeCount: 3 } },
            {
              providerName: 'AZURE',
              regionName: 'CHINA_EAST',
              electableSpecs: { instanceSize: 'M40' },
              readOnlySpecs: { instanceSize: 'M10', nodeCount: 0 },
            },
            { providerName: 'AWS', regionName: 'US_EAST_1', analyticsSpecs: { instanceSize: 'R40', nodeCount: 1 } },
          ],
        },
      ],
    },
    {
      name: 'tiny',
      replicationSpecs: [
        {
          regionConfigs: [
            {
              providerName: 'TENANT',
              backingProviderName: 'AZURE',
              regionName: 'CHINA_NORTH',
              electableSpecs: { instanceSize: 'M5' },
            },
          ],
        },
      ],
    },
  ],
};

describe('buildFacts', () => {
  it('reduces the secret to its kind and derives values from the desired state', () => {
    const facts = buildFacts(doc);
    expect(facts.desired.azureKeyVault.secret).toEqual({ kind: 'env', name: 'AZURE_CLIENT_SECRET' });
    expect(facts.desired).not.toHaveProperty('waivers');
    expect(facts.derived).toMatchObject({
      expectedDnsSuffix: 'vault.azure.cn',
      keyVaultName: 'kv-payments',
      secretKind: 'env',
      secretIsReference: true,
      desiredRegions: ['CHINA_NORTH'],
      optedInClusters: [
        { name: 'orders', index: 0 },
        { name: 'tiny', index: 2 },
      ],
    });
    expect(facts.derived.keyIdentifier).toMatchObject({
      vaultName: 'kv-payments',
      dnsSuffix: 'vault.azure.cn',
      versioned: true,
    });
    expect(facts.live).toBeUndefined();
    expect(facts.cross).toBeUndefined();
  });

  it('works out live cluster facts and desired-versus-live comparisons', () => {
    const facts = buildFacts(doc, live);
    expect(facts.live?.clusters[0]).toEqual({
      name: 'orders',
      deployment: 'dedicated',
      providers: ['AZURE', 'AWS'],
      regions: ['CHINA_NORTH', 'CHINA_EAST', 'US_EAST_1'],
      azureRegions: ['CHINA_NORTH', 'CHINA_EAST'],
      instanceSizes: ['M30', 'M40', 'R40'],
      minTier: 30,
      tenant: false,
      minTierOk: true,
      multiCloud: true,
      backupEnabled: true,
      encryptionAtRestProvider: 'NONE',
      stateName: null,
    });
    expect(facts.live?.clusters[1]).toMatchObject({
      deployment: 'shared',
      providers: ['AZURE'],
      tenant: true,
      minTier: 5,
      minTierOk: false,
      multiCloud: false,
    });
    expect(facts.cross?.clusters.map((c) => [c.name, c.exists, c.regionsWithoutEndpoint])).toEqual([
      // US_EAST_1 holds AWS nodes: no Azure key vault endpoint belongs there.
      ['orders', true, ['CHINA_EAST']],
      ['ghost', false, []],
      ['tiny', true, []],
    ]);
    expect(facts.cross?.optedInClusters.map((c) => c.name)).toEqual(['orders', 'tiny']);
    expect(facts.cross?.changedVaultSettings).toEqual(['resourceGroupName']);
    expect(facts.cross?.vaultSettings[2]).toEqual({
      field: 'subscriptionID',
      desired: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
      live: null,
      changed: false,
    });
    expect(facts.cross?.keyRotation).toEqual({
      rotating: true,
      from: 'https://kv-payments.vault.azure.cn/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f',
      to: 'https://kv-payments.vault.azure.cn/keys/atlas/0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      backupClusters: ['orders'],
    });
    expect(facts.cross?.endpointsExist).toBe(true);
  });

  it('does not modify its inputs', () => {
    const before = JSON.stringify({ project, live });
    const facts = buildFacts(doc, live);
    facts.desired.clusters.push({ name: 'x', encryptionAtRest: false });
    if (facts.live !== undefined) facts.live.azureKeyVault.keyVaultName = 'changed';
    expect(JSON.stringify({ project, live })).toBe(before);
  });
});
