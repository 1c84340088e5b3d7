// The world of the plan benchmark: a simulator fixture with N projects in one organization and the matching
// desired-state files. Every credential is a made-up value that only the simulator accepts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ORG_ID = '66c9e8f1dd6c9960802420a1';
export const REGIONS = ['US_CENTRAL', 'EUROPE_NORTH', 'US_EAST_2'];

/** Canary secrets: the benchmark fails if one of them appears in anything the CLI prints. */
export const SECRETS = {
  atlasPrivateKey: 'bench-atlas-private-key-Jw8Kp3',
  azureClientSecret: 'bench-azure-client-secret-Tz5Nq1',
};
export const PUBLIC_KEY = 'benchpubkey';

const AZURE = {
  tenantId: '1f6ef922-9303-402a-bae2-cc68810b023c',
  clientId: 'b054a9ff-b60a-4cb6-8df6-20726eaefce6',
  subscriptionId: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
  resourceGroup: 'rg-payments',
  vault: 'kv-payments',
  keyName: 'atlas',
  keyVersion: '78b9134f9bc94fda8027a32b4715bf3f',
};
const KEY_IDENTIFIER = `https://${AZURE.vault}.vault.azure.net/keys/${AZURE.keyName}/${AZURE.keyVersion}`;

// Five dedicated Azure clusters over the three regions; the first two already use the customer-managed key,
// so each plan is realistic: three endpoints to create and approve, three clusters to opt in.
const CLUSTERS = [
  { name: 'orders', tier: 'M30', regions: ['US_CENTRAL', 'EUROPE_NORTH'], backup: true, optedIn: true },
  { name: 'payments', tier: 'M40', regions: REGIONS, backup: true, optedIn: true },
  { name: 'analytics', tier: 'M10', regions: ['US_CENTRAL'], backup: false, optedIn: false },
  { name: 'events', tier: 'M20', regions: ['EUROPE_NORTH'], backup: false, optedIn: false },
  { name: 'reports', tier: 'M10', regions: ['US_EAST_2'], backup: true, optedIn: false },
];

/** A 24-hex project id, distinct per index. */
export function projectId(index) {
  return (0x66c9e8f1dd6c996080000000n + BigInt(index)).toString(16).padStart(24, '0');
}

/**
 * The simulator fixture (an object) with `count` projects. The rate-limit buckets are lifted far above what a
 * run uses, so the measurement is never slowed by a 429; the benchmark says so in its output.
 */
export function benchFixture(count) {
  const unlimited = { capacity: 1_000_000, refill: 1_000_000, periodSeconds: 60 };
  const projects = Array.from({ length: count }, (_, i) => ({
    id: projectId(i),
    name: `bench-${String(i).padStart(4, '0')}`,
    clusters: CLUSTERS.map((c) => ({
      name: c.name,
      tier: c.tier,
      provider: 'AZURE',
      regions: c.regions,
      backup: c.backup,
      encryptionAtRestProvider: c.optedIn ? 'AZURE' : 'NONE',
    })),
    encryptionAtRest: {
      azureKeyVault: {
        enabled: true,
        azureEnvironment: 'AZURE',
        clientID: AZURE.clientId,
        tenantID: AZURE.tenantId,
        secret: SECRETS.azureClientSecret,
        subscriptionID: AZURE.subscriptionId,
        resourceGroupName: AZURE.resourceGroup,
        keyVaultName: AZURE.vault,
        keyIdentifier: KEY_IDENTIFIER,
        requirePrivateNetworking: true,
      },
    },
  }));
  return {
    rateLimits: { encryptionAtRest: unlimited, clusters: unlimited, projects: unlimited },
    organizations: [{ id: ORG_ID, name: 'Bench Org', active: true, projects }],
    apiKeys: [{ publicKey: PUBLIC_KEY, privateKey: SECRETS.atlasPrivateKey, role: 'ORG_OWNER', orgs: [ORG_ID] }],
    azure: {
      apps: [
        {
          tenantId: AZURE.tenantId,
          clientId: AZURE.clientId,
          clientSecret: SECRETS.azureClientSecret,
          canApprove: true,
        },
      ],
      vaults: [
        {
          name: AZURE.vault,
          resourceGroup: AZURE.resourceGroup,
          subscriptionId: AZURE.subscriptionId,
          tenantId: AZURE.tenantId,
          location: 'centralus',
          keys: [{ name: AZURE.keyName, versions: [{ version: AZURE.keyVersion, enabled: true }] }],
        },
      ],
    },
  };
}

function desiredDocument(index) {
  return [
    'apiVersion: atlas-cmk/v1',
    'kind: ProjectEncryption',
    'metadata:',
    `  name: bench-${String(index).padStart(4, '0')}`,
    'spec:',
    `  projectId: ${projectId(index)}`,
    '  azureKeyVault:',
    '    enabled: true',
    '    azureEnvironment: AZURE',
    `    clientID: ${AZURE.clientId}`,
    `    tenantID: ${AZURE.tenantId}`,
    '    secret: ${env:AZURE_CLIENT_SECRET}',
    `    subscriptionID: ${AZURE.subscriptionId}`,
    `    resourceGroupName: ${AZURE.resourceGroup}`,
    `    keyVaultName: ${AZURE.vault}`,
    `    keyIdentifier: ${KEY_IDENTIFIER}`,
    '    requirePrivateNetworking: true',
    '  privateEndpoints:',
    `    regions: [${REGIONS.join(', ')}]`,
    '    approval: azure',
    '  clusters:',
    ...CLUSTERS.flatMap((c) => [`    - name: ${c.name}`, '      encryptionAtRest: true']),
    '',
  ].join('\n');
}

/** Write one desired-state file per project into `dir` (created); returns `dir`. */
export function writeDesiredState(dir, count) {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFileSync(join(dir, `project-${String(i).padStart(4, '0')}.yaml`), desiredDocument(i));
  }
  return dir;
}
