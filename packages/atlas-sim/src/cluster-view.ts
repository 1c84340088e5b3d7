import type { ClusterState } from './world-types.js';

/** Renders a cluster in the shape of the negotiated version (LegacyAtlasCluster, AdvancedClusterDescription, 20240805). */
export function renderCluster(groupId: string, c: ClusterState, version: string): Record<string, unknown> {
  const base = {
    backupEnabled: c.backupEnabled,
    clusterType: c.clusterType,
    encryptionAtRestProvider: c.encryptionAtRestProvider,
    groupId,
    id: c.id,
    name: c.name,
    paused: c.paused,
    stateName: c.stateName,
  };
  if (version === '2023-01-01' || version === '2023-02-01') return base;
  return {
    ...base,
    replicationSpecs: c.replicationSpecs.map((spec) => ({
      id: spec.id,
      zoneId: spec.zoneId,
      zoneName: spec.zoneName,
      regionConfigs: spec.regionConfigs.map((rc) => ({
        providerName: rc.providerName,
        ...(rc.backingProviderName ? { backingProviderName: rc.backingProviderName } : {}),
        regionName: rc.regionName,
        priority: rc.priority,
        electableSpecs:
          rc.providerName === 'TENANT'
            ? rc.instanceSize === 'FLEX'
              ? { effectiveInstanceSize: 'FLEX' }
              : { instanceSize: rc.instanceSize }
            : { instanceSize: rc.instanceSize, nodeCount: rc.nodeCount },
      })),
    })),
  };
}

/** Multi-cloud: region configs on more than one provider (TENANT counts by its backing provider). */
export function isMultiCloud(c: ClusterState): boolean {
  const providers = new Set(
    c.replicationSpecs.flatMap((s) => s.regionConfigs.map((rc) => rc.backingProviderName ?? rc.providerName)),
  );
  return providers.size > 1;
}

/** Shared tiers (M0/M2/M5/Flex) and anything below M10 cannot use customer-managed keys. */
export function belowM10(c: ClusterState): boolean {
  return c.replicationSpecs.some((s) =>
    s.regionConfigs.some((rc) => {
      if (rc.providerName === 'TENANT') return true;
      const m = /^[MR](\d+)/.exec(rc.instanceSize);
      return !m || Number(m[1]) < 10;
    }),
  );
}
