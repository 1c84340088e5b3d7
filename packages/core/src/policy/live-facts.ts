import type { LiveCluster, LiveProjectState } from '../live.js';
import type {
  ClusterDeployment,
  CrossCluster,
  CrossFacts,
  DesiredFacts,
  LiveClusterFacts,
  LiveFacts,
  VaultSettingFact,
} from './facts.js';

const TENANT_PROVIDERS = new Set(['TENANT', 'FLEX', 'SERVERLESS']);
const SHARED_SIZES = new Set(['M0', 'M2', 'M5', 'FLEX', 'SERVERLESS']);
const IMMUTABLE_FIELDS = ['keyVaultName', 'resourceGroupName', 'subscriptionID'] as const;

/** Live facts of one project (see {@link LiveFacts}); pure. */
export function buildLiveFacts(live: LiveProjectState): LiveFacts {
  const clusters = live.clusters.map(clusterFacts);
  return {
    project: { id: live.project.id, name: live.project.name, orgId: live.project.orgId },
    organizationInactive: live.organizationInactive === true,
    azureKeyVault: structuredClone(live.encryptionAtRest.azureKeyVault ?? {}),
    endpoints: live.endpoints.map((e) => ({ id: e.id, regionName: e.regionName, status: e.status })),
    endpointRegions: distinct(live.endpoints.map((e) => e.regionName)),
    clusters,
    clusterNames: clusters.map((c) => c.name),
    multiCloudClusters: clusters.filter((c) => c.multiCloud).map((c) => c.name),
    backupClusters: clusters.filter((c) => c.backupEnabled).map((c) => c.name),
  };
}

/** Work out providers, regions and tiers from a cluster's replication specs. */
export function clusterFacts(cluster: LiveCluster): LiveClusterFacts {
  const configs = (cluster.replicationSpecs ?? []).flatMap((s) => s.regionConfigs ?? []);
  const rawProviders = configs.map((c) => c.providerName);
  const providers = distinct(
    configs.map((c) => (c.providerName === 'TENANT' ? (c.backingProviderName ?? 'TENANT') : c.providerName)),
  );
  const sizes = distinct(
    configs.flatMap((c) =>
      [c.electableSpecs, c.readOnlySpecs, c.analyticsSpecs].flatMap((spec) => {
        // A Flex cluster (TENANT) reports only its effective size.
        const size = spec?.instanceSize ?? spec?.effectiveInstanceSize;
        return size !== undefined && (spec?.nodeCount === undefined || spec.nodeCount > 0) ? [size] : [];
      }),
    ),
  );
  const tiers = sizes.map(tierNumber).filter((n): n is number => n !== null);
  const minTier = tiers.length === 0 ? null : Math.min(...tiers);
  const tenant = rawProviders.some((p) => TENANT_PROVIDERS.has(p)) || sizes.some((s) => SHARED_SIZES.has(s));
  return {
    name: cluster.name,
    deployment: deploymentOf(rawProviders, sizes),
    providers,
    regions: distinct(configs.map((c) => c.regionName)),
    azureRegions: distinct(
      configs
        .filter((c) => (TENANT_PROVIDERS.has(c.providerName) ? c.backingProviderName : c.providerName) === 'AZURE')
        .map((c) => c.regionName),
    ),
    instanceSizes: sizes,
    minTier,
    tenant,
    minTierOk: !tenant && minTier !== null && minTier >= 10,
    multiCloud: providers.length > 1,
    backupEnabled: cluster.backupEnabled === true,
    encryptionAtRestProvider: cluster.encryptionAtRestProvider ?? 'NONE',
    stateName: cluster.stateName ?? null,
  };
}

/**
 * What kind of deployment a cluster is, as Atlas names them: Flex and serverless by their provider (or size),
 * shared (M0/M2/M5, provider TENANT) by theirs, dedicated otherwise. A Flex cluster may report no instance size.
 */
function deploymentOf(rawProviders: string[], sizes: string[]): ClusterDeployment {
  if (rawProviders.includes('FLEX') || sizes.includes('FLEX')) return 'flex';
  if (rawProviders.includes('SERVERLESS') || sizes.includes('SERVERLESS')) return 'serverless';
  if (rawProviders.includes('TENANT') || sizes.some((s) => SHARED_SIZES.has(s))) return 'shared';
  return 'dedicated';
}

/** Desired-versus-live facts; pure. */
export function buildCrossFacts(desired: DesiredFacts, live: LiveFacts): CrossFacts {
  const byName = new Map(live.clusters.map((c) => [c.name, c]));
  const desiredRegions = new Set(desired.privateEndpoints.regions);
  const clusters: CrossCluster[] = desired.clusters.map((c, index) => {
    const liveCluster = byName.get(c.name) ?? null;
    return {
      name: c.name,
      index,
      exists: liveCluster !== null,
      optedIn: c.encryptionAtRest,
      live: liveCluster,
      // Key vault endpoints are Azure endpoints: only the cluster's Azure regions need one. The nodes of a
      // multi-cloud cluster on another provider are cmk/no-multi-cloud's business, never an endpoint region.
      regionsWithoutEndpoint:
        liveCluster === null ? [] : liveCluster.azureRegions.filter((r) => !desiredRegions.has(r)),
    };
  });
  const vaultSettings: VaultSettingFact[] = IMMUTABLE_FIELDS.map((field) => {
    const want = desired.azureKeyVault[field] ?? null;
    const have = live.azureKeyVault[field] ?? null;
    return { field, desired: want, live: have, changed: want !== null && have !== null && want !== have };
  });
  const from = live.azureKeyVault.enabled === true ? (live.azureKeyVault.keyIdentifier ?? null) : null;
  const to = desired.azureKeyVault.enabled ? (desired.azureKeyVault.keyIdentifier ?? null) : null;
  return {
    clusters,
    optedInClusters: clusters.filter((c) => c.optedIn),
    endpointsExist: live.endpoints.length > 0,
    vaultSettings,
    changedVaultSettings: vaultSettings.filter((s) => s.changed).map((s) => s.field),
    keyRotation: {
      rotating: from !== null && to !== null && from !== to,
      from,
      to,
      backupClusters: live.backupClusters,
    },
  };
}

function tierNumber(size: string): number | null {
  const match = /^[MR](\d+)/.exec(size);
  return match?.[1] === undefined ? null : Number(match[1]);
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
