import type { LiveAzureKeyVault, LiveCluster, LiveEndpoint, LiveProjectState } from '@atlas-cmk/core';
import { endpointInUse, parseKeyIdentifier, preferredEndpoint } from '@atlas-cmk/planner';
import { statusCallouts } from './status-callouts.js';
import type { Authentication, ClusterView, EncryptionStatus, EndpointView, ProjectStatus } from './status-model.js';
import { nextActionFor } from './status-next-action.js';

/**
 * Turn one project's live state into what `status` shows. Pure: the same live state always gives the same
 * view. `document` names the desired-state document the project came from, when it came from one.
 */
export function projectStatus(
  live: LiveProjectState,
  document: { name: string; file: string } | null = null,
): ProjectStatus {
  const encryption = encryptionStatus(live);
  const vault = { resourceGroupName: encryption.resourceGroupName, keyVaultName: encryption.keyVaultName };
  const azure = live.endpoints.filter((e) => e.cloudProvider === 'AZURE');
  const kept = keptPerRegion(azure);
  const endpoints = azure.map((e): EndpointView => {
    const keep = kept.get(e.regionName);
    const duplicateOf = keep && keep !== e && endpointInUse(e) ? keep.id : null;
    return {
      id: e.id,
      regionName: e.regionName,
      status: e.status,
      privateEndpointConnectionName: e.privateEndpointConnectionName ?? null,
      errorMessage: e.errorMessage ?? null,
      duplicateOf,
      next: duplicateOf
        ? {
            text: `A second endpoint in ${e.regionName}: ${duplicateOf} is the one kept; atlas-cmk apply deletes this one.`,
            command: null,
          }
        : nextActionFor(e, vault),
    };
  });
  const clusters = live.clusters.map(clusterView);
  const organizationInactive = live.organizationInactive === true;
  return {
    projectId: live.projectId,
    projectName: live.project.name,
    document,
    organizationInactive,
    encryption,
    endpoints,
    clusters,
    callouts: statusCallouts({ projectId: live.projectId, encryption, endpoints, clusters, organizationInactive }),
  };
}

function encryptionStatus(live: LiveProjectState): EncryptionStatus {
  const v: LiveAzureKeyVault = live.encryptionAtRest.azureKeyVault ?? {};
  const key = v.keyIdentifier ? parseKeyIdentifier(v.keyIdentifier) : undefined;
  return {
    enabled: v.enabled === true,
    azureEnvironment: v.azureEnvironment ?? null,
    subscriptionID: v.subscriptionID ?? null,
    resourceGroupName: v.resourceGroupName ?? null,
    keyVaultName: v.keyVaultName ?? null,
    keyIdentifier: v.keyIdentifier ?? null,
    keyName: key?.keyName ?? null,
    keyVersion: key?.keyVersion ?? null,
    authentication: authentication(v),
    valid: typeof v.valid === 'boolean' ? v.valid : null,
    requirePrivateNetworking: v.requirePrivateNetworking === true,
    enabledForSearchNodes: live.encryptionAtRest.enabledForSearchNodes ?? null,
  };
}

function authentication(v: LiveAzureKeyVault): Authentication {
  if (v.roleId) return { kind: 'role', roleId: v.roleId };
  if (v.clientID) return { kind: 'clientSecret', clientID: v.clientID, tenantID: v.tenantID ?? null };
  return { kind: 'none' };
}

/** Provider names of deployments Atlas runs on another provider's cloud (`backingProviderName`). */
const HOSTED: ReadonlySet<string> = new Set(['TENANT', 'FLEX', 'SERVERLESS']);

function clusterView(c: LiveCluster): ClusterView {
  const configs = (c.replicationSpecs ?? []).flatMap((s) => s.regionConfigs ?? []);
  const distinct = (values: (string | undefined)[]): string[] => [...new Set(values.filter((x): x is string => !!x))];
  return {
    name: c.name,
    tiers: distinct(
      configs.map((rc) => {
        // Flex clusters and serverless instances are named as Atlas names them, whatever size they report.
        if (rc.providerName === 'FLEX') return 'Flex';
        if (rc.providerName === 'SERVERLESS') return 'Serverless';
        const spec = rc.electableSpecs as { instanceSize?: string; effectiveInstanceSize?: string } | undefined;
        const size = spec?.instanceSize ?? spec?.effectiveInstanceSize;
        return size === 'FLEX' ? 'Flex' : size;
      }),
    ),
    // Shared, Flex and serverless deployments run on their backing provider's cloud.
    providers: distinct(configs.map((rc) => (HOSTED.has(rc.providerName) ? rc.backingProviderName : rc.providerName))),
    regions: distinct(configs.map((rc) => rc.regionName)),
    encryptionAtRestProvider: c.encryptionAtRestProvider ?? 'NONE',
    stateName: c.stateName ?? null,
    paused: c.paused === true,
  };
}

/** The endpoint each region keeps (the planner's rule: most advanced, then oldest). */
function keptPerRegion(endpoints: readonly LiveEndpoint[]): Map<string, LiveEndpoint> {
  const kept = new Map<string, LiveEndpoint>();
  for (const region of new Set(endpoints.map((e) => e.regionName))) {
    const keep = preferredEndpoint(endpoints.filter((e) => e.regionName === region));
    if (keep) kept.set(region, keep);
  }
  return kept;
}
