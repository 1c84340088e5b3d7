import { defaultRateLimits, defaultTiming } from './defaults.js';
import type { SimFixture, SimFixtureAzureKeyVault, SimFixtureCluster, SimFixtureRegion } from './fixture-types.js';
import { digestHa1 } from './digest-auth.js';
import { hashToken, stableObjectId } from './ids.js';
import type { AzureEarState, ClusterState, ProjectState, RegionConfigState, World } from './world-types.js';

const sharedTiers = new Set(['M0', 'M2', 'M5', 'FLEX']);

function toMs(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}

function regionConfig(cluster: SimFixtureCluster, entry: string | SimFixtureRegion, index: number): RegionConfigState {
  const region: SimFixtureRegion = typeof entry === 'string' ? { region: entry } : entry;
  const provider = region.provider ?? cluster.provider ?? 'AZURE';
  const shared = sharedTiers.has(cluster.tier);
  return {
    providerName: shared ? 'TENANT' : provider,
    ...(shared ? { backingProviderName: provider } : {}),
    regionName: region.region,
    priority: Math.max(7 - index, 0),
    instanceSize: cluster.tier,
    nodeCount: region.nodeCount ?? (shared ? 3 : index === 0 ? 3 : 2),
  };
}

function createCluster(projectId: string, cluster: SimFixtureCluster): ClusterState {
  const id = stableObjectId(`cluster:${projectId}:${cluster.name}`);
  return {
    id,
    name: cluster.name,
    clusterType: 'REPLICASET',
    backupEnabled: cluster.backup ?? false,
    paused: cluster.paused ?? false,
    encryptionAtRestProvider: cluster.encryptionAtRestProvider ?? 'NONE',
    stateName: 'IDLE',
    replicationSpecs: [
      {
        id: stableObjectId(`spec:${id}`),
        zoneId: stableObjectId(`zone:${id}`),
        zoneName: 'Zone 1',
        regionConfigs: cluster.regions.map((r, i) => regionConfig(cluster, r, i)),
      },
    ],
  };
}

function initialEar(config: SimFixtureAzureKeyVault | undefined): AzureEarState {
  if (!config) return { enabled: false, requirePrivateNetworking: false };
  const { secret, ...rest } = config;
  return {
    requirePrivateNetworking: false,
    ...rest,
    ...(secret !== undefined ? { secretHash: hashToken(secret) } : {}),
  };
}

/**
 * When an Atlas object id (a MongoDB ObjectId) was made: its first four bytes are the creation time in epoch
 * seconds, which is how Atlas's own `created` dates and ids agree. Stable for a fixture, whenever it is loaded.
 */
export function objectIdCreated(id: string): string {
  return new Date(Number.parseInt(id.slice(0, 8), 16) * 1000).toISOString();
}

/** Builds the initial world from a validated fixture; `nowMs` is the simulated time when no `start` is given. */
export function createWorld(fixture: SimFixture, nowMs: number): World {
  const start = toMs(fixture.start) ?? nowMs;
  const projects: ProjectState[] = fixture.organizations.flatMap((org) =>
    (org.projects ?? []).map((p) => ({
      id: p.id,
      orgId: org.id,
      name: p.name,
      created: p.created ?? objectIdCreated(p.id),
      azureKeyVault: initialEar(p.encryptionAtRest?.azureKeyVault),
      enabledForSearchNodes: p.encryptionAtRest?.enabledForSearchNodes ?? false,
      endpoints: [],
      clusters: (p.clusters ?? []).map((c) => createCluster(p.id, c)),
      ...(p.active === false ? { active: false } : {}),
    })),
  );
  return {
    formatVersion: 1,
    simNowMs: start,
    timing: { ...defaultTiming, ...fixture.timing },
    rateLimits: { ...defaultRateLimits, ...fixture.rateLimits },
    orgs: fixture.organizations.map((o) => ({ id: o.id, name: o.name, active: o.active ?? true })),
    projects,
    ...(fixture.secondEndpoint ? { secondEndpoint: fixture.secondEndpoint } : {}),
    // Only hashes of secrets enter the world, so a state file never holds a usable credential.
    apiKeys: (fixture.apiKeys ?? []).map(({ privateKey, ...k }) => ({
      ...k,
      ha1: digestHa1(k.publicKey, privateKey),
      projects: k.projects ?? [],
      orgs: k.orgs ?? [],
    })),
    serviceAccounts: (fixture.serviceAccounts ?? []).map(({ clientSecret, ...s }) => ({
      ...s,
      clientSecretHash: hashToken(clientSecret),
      projects: s.projects ?? [],
      orgs: s.orgs ?? [],
    })),
    azureApps: (fixture.azure?.apps ?? []).map(({ clientSecret, permissions, passwordCredentials, ...a }) => ({
      ...a,
      clientSecretHash: hashToken(clientSecret),
      canApprove: a.canApprove ?? true,
      ...(permissions
        ? { permissions: { actions: permissions.actions, notActions: permissions.notActions ?? [] } }
        : {}),
      ...(passwordCredentials
        ? {
            passwordCredentials: passwordCredentials.map((c, i) => ({
              keyId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
              ...(c.displayName !== undefined ? { displayName: c.displayName } : {}),
              endMs: Date.parse(c.endDateTime),
            })),
          }
        : {}),
    })),
    vaults: (fixture.azure?.vaults ?? []).map((v) => ({
      name: v.name,
      resourceGroup: v.resourceGroup,
      subscriptionId: v.subscriptionId,
      tenantId: v.tenantId,
      location: v.location ?? 'centralus',
      keys: (v.keys ?? []).map((k) => ({
        name: k.name,
        versions: k.versions.map((kv) => ({
          version: kv.version,
          enabled: kv.enabled ?? true,
          createdMs: start,
          ...(kv.expires ? { expiresMs: Date.parse(kv.expires) } : {}),
          ...(kv.notBefore ? { notBeforeMs: Date.parse(kv.notBefore) } : {}),
          ...(kv.keyOps ? { keyOps: [...kv.keyOps] } : {}),
        })),
      })),
      connections: [],
    })),
    tokens: [],
    ...(fixture.azure?.providers?.length ? { azureProviders: fixture.azure.providers.map((p) => ({ ...p })) } : {}),
  };
}
