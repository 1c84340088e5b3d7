import type { LiveCluster, LiveEndpoint, LiveProjectState } from '@atlas-cmk/core';
import { describe, expect, it } from 'vitest';
import { makePaint } from '../color.js';
import { formatStatusJson } from './status-json.js';
import type { StatusReport } from './status-model.js';
import { projectStatus } from './status-project.js';
import { formatStatusText } from './status-text.js';

/** The example project's id and key. */
const PROJECT_ID = '66c9e8f1dd6c9960802420e9';
const KEY = 'https://kv-payments.vault.azure.net/keys/atlas/78b9134f9bc94fda8027a32b4715bf3f';

/** An Azure endpoint in a region, with the connection name Atlas reports once it is known. */
function endpoint(regionName: string, status: LiveEndpoint['status'], over: Partial<LiveEndpoint> = {}) {
  return {
    id: `${regionName === 'US_CENTRAL' ? 'a' : 'b'}${'0'.repeat(23)}`,
    cloudProvider: 'AZURE',
    regionName,
    status,
    privateEndpointConnectionName: `pe-atlas-${regionName.toLowerCase()}-1a2b3c`,
    errorMessage: null,
    ...over,
  } satisfies LiveEndpoint;
}

/** A dedicated Azure cluster in the given regions. */
function cluster(name: string, over: Partial<LiveCluster> = {}, regions = ['US_CENTRAL']): LiveCluster {
  return {
    name,
    stateName: 'IDLE',
    paused: false,
    encryptionAtRestProvider: 'AZURE',
    replicationSpecs: [
      {
        regionConfigs: regions.map((regionName) => ({
          providerName: 'AZURE',
          regionName,
          electableSpecs: { instanceSize: 'M30', nodeCount: 3 },
        })),
      },
    ],
    ...over,
  };
}

/** The example project with CMK enabled over private networking, one endpoint ACTIVE, `orders` on the key. */
function liveProject(over: Partial<LiveProjectState> = {}): LiveProjectState {
  return {
    projectId: PROJECT_ID,
    project: { id: PROJECT_ID, name: 'payments-prod', orgId: '66c9e8f1dd6c9960802420a1' },
    encryptionAtRest: {
      azureKeyVault: {
        enabled: true,
        azureEnvironment: 'AZURE',
        clientID: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6',
        tenantID: '1f6ef922-9303-402a-bae2-cc68810b023c',
        subscriptionID: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
        resourceGroupName: 'rg-payments',
        keyVaultName: 'kv-payments',
        keyIdentifier: KEY,
        requirePrivateNetworking: true,
        valid: true,
      },
      enabledForSearchNodes: false,
    },
    endpoints: [endpoint('US_CENTRAL', 'ACTIVE')],
    clusters: [cluster('orders'), cluster('analytics', { encryptionAtRestProvider: 'NONE' })],
    ...over,
  };
}

const PLAIN = makePaint(false);

describe('projectStatus', () => {
  it('takes the key identifier apart and says how Atlas signs in, without any secret', () => {
    const s = projectStatus(liveProject(), { name: 'payments', file: 'atlas/payments.yaml' });
    expect(s.encryption).toMatchObject({
      enabled: true,
      keyVaultName: 'kv-payments',
      keyName: 'atlas',
      keyVersion: '78b9134f9bc94fda8027a32b4715bf3f',
      valid: true,
      requirePrivateNetworking: true,
      authentication: { kind: 'clientSecret', clientID: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6' },
    });
    expect(s.document).toEqual({ name: 'payments', file: 'atlas/payments.yaml' });
    expect(s.callouts).toEqual([]);
    expect(s.clusters[0]).toEqual({
      name: 'orders',
      tiers: ['M30'],
      providers: ['AZURE'],
      regions: ['US_CENTRAL'],
      encryptionAtRestProvider: 'AZURE',
      stateName: 'IDLE',
      paused: false,
    });
  });

  it('names Flex clusters, serverless instances and shared tiers as Atlas does, on their backing cloud', () => {
    const hosted = (providerName: string, spec: Record<string, unknown>): LiveCluster =>
      cluster(providerName.toLowerCase(), {
        replicationSpecs: [
          {
            regionConfigs: [
              { providerName, backingProviderName: 'AZURE', regionName: 'US_CENTRAL', electableSpecs: spec },
            ],
          },
        ],
      } as Partial<LiveCluster>);
    const s = projectStatus(
      liveProject({
        clusters: [
          hosted('FLEX', {}),
          hosted('SERVERLESS', {}),
          hosted('TENANT', { instanceSize: 'M5' }),
          { ...hosted('TENANT', { effectiveInstanceSize: 'FLEX' }), name: 'flex-tenant' },
        ],
      }),
    );
    expect(s.clusters.map((c) => [c.name, c.tiers, c.providers])).toEqual([
      ['flex', ['Flex'], ['AZURE']],
      ['serverless', ['Serverless'], ['AZURE']],
      ['tenant', ['M5'], ['AZURE']],
      ['flex-tenant', ['Flex'], ['AZURE']],
    ]);
  });

  it('gives every endpoint status its next action', () => {
    const s = projectStatus(
      liveProject({
        endpoints: [
          endpoint('US_EAST_2', 'INITIATING', { privateEndpointConnectionName: null }),
          endpoint('US_CENTRAL', 'PENDING_ACCEPTANCE'),
          endpoint('EUROPE_WEST', 'ACTIVE'),
          endpoint('US_CENTRAL', 'PENDING_RECREATION'),
          endpoint('EUROPE_NORTH', 'FAILED', { errorMessage: 'Private endpoint quota exceeded' }),
          endpoint('EUROPE_NORTH', 'DELETING'),
        ],
      }),
    );
    const next = s.endpoints.map((e) => `${e.status}: ${e.next.text}`);
    expect(next).toEqual([
      'INITIATING: Atlas is creating it; wait.',
      'PENDING_ACCEPTANCE: Approve it in Azure: az keyvault private-endpoint-connection approve --resource-group rg-payments --vault-name kv-payments --name pe-atlas-us_central-1a2b3c --description "Approved for MongoDB Atlas encryption at rest"',
      'ACTIVE: In use.',
      'PENDING_RECREATION: Rejected or removed in Azure; Atlas is recreating it: approve the new endpoint (run atlas-cmk apply).',
      'FAILED: Run atlas-cmk apply to delete and recreate it; Atlas said: Private endpoint quota exceeded.',
      'DELETING: Being removed.',
    ]);
    expect(s.endpoints[1]?.next.command).toMatch(/^az keyvault private-endpoint-connection approve /);
    expect(s.callouts.map((c) => c.code)).toEqual(['endpoint-failed']);
  });

  it('flags every endpoint in use beyond the one a region keeps (most advanced, then oldest)', () => {
    const s = projectStatus(
      liveProject({
        endpoints: [
          endpoint('US_CENTRAL', 'INITIATING', { id: '6750a1b0000000000000000a' }),
          endpoint('US_CENTRAL', 'ACTIVE', { id: '6750a1b2000000000000000b' }),
          endpoint('US_CENTRAL', 'ACTIVE', { id: '6750a1b1000000000000000c' }),
          endpoint('US_CENTRAL', 'DELETING', { id: '6750a1a0000000000000000d' }),
          endpoint('EUROPE_NORTH', 'PENDING_ACCEPTANCE', { id: '6750a1b3000000000000000e' }),
        ],
      }),
    );
    expect(s.endpoints.map((e) => [e.id, e.duplicateOf])).toEqual([
      ['6750a1b0000000000000000a', '6750a1b1000000000000000c'],
      ['6750a1b2000000000000000b', '6750a1b1000000000000000c'],
      ['6750a1b1000000000000000c', null],
      ['6750a1a0000000000000000d', null],
      ['6750a1b3000000000000000e', null],
    ]);
    expect(s.endpoints[0]?.next.text).toBe(
      'A second endpoint in US_CENTRAL: 6750a1b1000000000000000c is the one kept; atlas-cmk apply deletes this one.',
    );
    expect(s.callouts.map((c) => [c.code, c.subject])).toEqual([
      ['endpoint-duplicate', '6750a1b0000000000000000a'],
      ['endpoint-duplicate', '6750a1b2000000000000000b'],
    ]);
    expect(formatStatusText({ formatVersion: 1, projects: [s], failures: [] }, PLAIN)).toContain(
      'Endpoint 6750a1b2000000000000000b (ACTIVE) is a second endpoint in US_CENTRAL, beside 6750a1b1000000000000000c: Atlas needs one per region; atlas-cmk apply deletes it.',
    );
  });

  it('without a connection name yet, a pending endpoint says where to approve it', () => {
    const s = projectStatus(
      liveProject({
        endpoints: [endpoint('US_CENTRAL', 'PENDING_ACCEPTANCE', { privateEndpointConnectionName: null })],
      }),
    );
    expect(s.endpoints[0]?.next).toEqual({
      text: 'Approve its private endpoint connection on key vault kv-payments in Azure (or run atlas-cmk apply with approval: azure).',
      command: null,
    });
  });

  it('calls out a key Atlas cannot use and the clusters it paused', () => {
    const live = liveProject({
      clusters: [cluster('orders', { paused: true }), cluster('analytics', { encryptionAtRestProvider: 'NONE' })],
    });
    live.encryptionAtRest.azureKeyVault!.valid = false;
    const s = projectStatus(live);
    expect(s.callouts.map((c) => [c.code, c.subject])).toEqual([
      ['key-invalid', null],
      ['cluster-paused', 'orders'],
    ]);
    expect(s.callouts[0]?.message).toContain('Atlas cannot use the key (valid: false)');
    expect(s.callouts[0]?.message).toContain(
      'key atlas version 78b9134f9bc94fda8027a32b4715bf3f in key vault kv-payments',
    );
    expect(s.callouts[0]?.message).toContain(`atlas-cmk apply --rotate-secret ${PROJECT_ID}`);
    expect(s.callouts[1]?.message).toBe(
      "Cluster orders is paused — revoked key access pauses clusters; restore the key's access, then resume it.",
    );
  });

  it('does not call valid: false out while CMK is disabled, and reports a role and an inactive organization', () => {
    const live = liveProject({ organizationInactive: true, endpoints: [], clusters: [] });
    live.encryptionAtRest.azureKeyVault = { enabled: false, valid: false, roleId: '66c9e8f1dd6c9960802420ff' };
    const s = projectStatus(live);
    expect(s.encryption.authentication).toEqual({ kind: 'role', roleId: '66c9e8f1dd6c9960802420ff' });
    expect(s.callouts.map((c) => c.code)).toEqual(['organization-inactive']);
  });
});

describe('formatStatusText', () => {
  const report = (live: LiveProjectState): StatusReport => ({
    formatVersion: 1,
    projects: [projectStatus(live, { name: 'payments', file: 'desired.yaml' })],
    failures: [],
  });

  it('shows the settings, an endpoint table with next actions, and a cluster table', () => {
    const text = formatStatusText(
      report(
        liveProject({
          endpoints: [endpoint('US_CENTRAL', 'ACTIVE'), endpoint('EUROPE_NORTH', 'PENDING_ACCEPTANCE')],
        }),
      ),
      PLAIN,
    );
    expect(text).toBe(
      [
        `Project payments-prod ${PROJECT_ID}  (payments in desired.yaml)`,
        '',
        '  Customer-managed key  enabled',
        '  Key vault             kv-payments (resource group rg-payments, subscription 009774e0-124f-4a69-83e0-ca8cd8acb4e2)',
        '  Key                   atlas, version 78b9134f9bc94fda8027a32b4715bf3f',
        '  Azure environment     AZURE',
        '  Signs in as           app b054a9ff-b60a-4cb6-8df6-20726eaefce6 in tenant 1f6ef922-9303-402a-bae2-cc68810b023c with a client secret (never shown)',
        '  Key valid             yes',
        '  Private networking    required',
        '',
        '  Endpoints (2)',
        '    REGION        STATUS              ID                        CONNECTION                    ERROR',
        '    US_CENTRAL    ACTIVE              a00000000000000000000000  pe-atlas-us_central-1a2b3c    -',
        '      next: In use.',
        '    EUROPE_NORTH  PENDING_ACCEPTANCE  b00000000000000000000000  pe-atlas-europe_north-1a2b3c  -',
        '      next: Approve it in Azure: az keyvault private-endpoint-connection approve --resource-group rg-payments --vault-name kv-payments --name pe-atlas-europe_north-1a2b3c --description "Approved for MongoDB Atlas encryption at rest"',
        '',
        '  Clusters (2)',
        '    NAME       TIER  CLOUD  REGIONS     CMK    STATE  PAUSED',
        '    orders     M30   AZURE  US_CENTRAL  AZURE  IDLE   no',
        '    analytics  M30   AZURE  US_CENTRAL  NONE   IDLE   no',
        '',
      ].join('\n'),
    );
  });

  it('puts the call-outs right under the project line, and colours them when asked', () => {
    const live = liveProject({ endpoints: [], clusters: [cluster('orders', { paused: true })] });
    live.encryptionAtRest.azureKeyVault!.valid = false;
    const plain = formatStatusText(report(live), PLAIN).split('\n');
    expect(plain[1]).toMatch(/^ {2}✗ Atlas cannot use the key \(valid: false\)/);
    expect(plain[2]).toMatch(/^ {2}✗ Cluster orders is paused — revoked key access pauses clusters/);
    expect(plain).toContain('  Key valid             NO (valid: false)');
    expect(plain).toContain('  Endpoints: none');
    const coloured = formatStatusText(report(live), makePaint(true));
    expect(coloured).toContain('\u001b[31m✗ Atlas cannot use the key');
    expect(formatStatusJson(report(live))).not.toContain('\u001b');
  });
});

describe('formatStatusJson', () => {
  it('is the report with null for what Atlas did not say', () => {
    const live = liveProject({
      endpoints: [endpoint('US_CENTRAL', 'INITIATING', { privateEndpointConnectionName: null })],
    });
    const doc = JSON.parse(formatStatusJson({ formatVersion: 1, projects: [projectStatus(live)], failures: [] })) as {
      formatVersion: number;
      projects: { document: unknown; endpoints: Record<string, unknown>[]; encryption: Record<string, unknown> }[];
    };
    expect(doc.formatVersion).toBe(1);
    expect(doc.projects[0]?.document).toBeNull();
    expect(doc.projects[0]?.endpoints[0]).toEqual({
      id: 'a00000000000000000000000',
      regionName: 'US_CENTRAL',
      status: 'INITIATING',
      privateEndpointConnectionName: null,
      errorMessage: null,
      duplicateOf: null,
      next: { text: 'Atlas is creating it; wait.', command: null },
    });
    expect(Object.keys(doc.projects[0]!.encryption)).toEqual([
      'enabled',
      'azureEnvironment',
      'subscriptionID',
      'resourceGroupName',
      'keyVaultName',
      'keyIdentifier',
      'keyName',
      'keyVersion',
      'authentication',
      'valid',
      'requirePrivateNetworking',
      'enabledForSearchNodes',
    ]);
  });
});
