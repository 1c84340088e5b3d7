import { earValid } from './key-check.js';
import { newObjectId, randomHex } from './ids.js';
import type { EndpointState, ProjectState, World } from './world-types.js';

/** Azure connection name for a new Atlas endpoint: `pe-atlas-<region>-<6 hex>`. */
export function connectionNameFor(regionName: string): string {
  return `pe-atlas-${regionName.toLowerCase().replaceAll('_', '-')}-${randomHex(6)}`;
}

function finishInitiating(world: World, project: ProjectState, ep: EndpointState, atMs: number): void {
  const ear = project.azureKeyVault;
  const vault = world.vaults.find(
    (v) =>
      v.name.toLowerCase() === (ear.keyVaultName ?? '').toLowerCase() &&
      v.resourceGroup.toLowerCase() === (ear.resourceGroupName ?? '').toLowerCase() &&
      v.subscriptionId.toLowerCase() === (ear.subscriptionID ?? '').toLowerCase(),
  );
  ep.statusSinceMs = atMs;
  if (ep.failOnInit || !vault) {
    ep.status = 'FAILED';
    ep.errorMessage = ep.failOnInit
      ? 'Failed to create the private endpoint in Azure. Delete it and try again.'
      : `Key Vault ${ear.keyVaultName ?? '(none)'} was not found in resource group ${ear.resourceGroupName ?? '(none)'} of subscription ${ear.subscriptionID ?? '(none)'}.`;
    return;
  }
  const name = connectionNameFor(ep.regionName);
  vault.connections.push({
    name,
    status: 'Pending',
    description: 'Requested by MongoDB Atlas for encryption at rest',
    etag: `W/"${randomHex(8)}"`,
    changedMs: atMs,
    projectId: project.id,
    endpointId: ep.id,
    privateEndpointId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/atlas-${project.id}/providers/Microsoft.Network/privateEndpoints/${name}`,
  });
  ep.status = 'PENDING_ACCEPTANCE';
  ep.connectionName = name;
}

function removeConnection(world: World, name: string | undefined): void {
  if (!name) return;
  for (const v of world.vaults) v.connections = v.connections.filter((c) => c.name !== name);
}

/** Advances one endpoint by at most one transition; returns true when it changed. */
function stepEndpoint(world: World, project: ProjectState, ep: EndpointState, nowMs: number): boolean {
  const t = world.timing;
  switch (ep.status) {
    case 'INITIATING': {
      const at = ep.statusSinceMs + t.initiatingSeconds * 1000;
      if (nowMs < at) return false;
      finishInitiating(world, project, ep, at);
      return true;
    }
    case 'PENDING_ACCEPTANCE': {
      const conn = world.vaults.flatMap((v) => v.connections).find((c) => c.name === ep.connectionName);
      if (conn?.status !== 'Approved') return false;
      const at = conn.changedMs + t.approvalReflectionSeconds * 1000;
      if (nowMs < at) return false;
      ep.status = 'ACTIVE';
      ep.statusSinceMs = at;
      return true;
    }
    case 'PENDING_RECREATION': {
      const at = ep.statusSinceMs + t.recreationSeconds * 1000;
      if (nowMs < at) return false;
      removeConnection(world, ep.connectionName);
      project.endpoints = project.endpoints.filter((e) => e !== ep);
      project.endpoints.push({
        id: newObjectId(at),
        cloudProvider: ep.cloudProvider,
        regionName: ep.regionName,
        status: 'INITIATING',
        statusSinceMs: at,
        createdMs: at,
        failOnInit: false,
      });
      return true;
    }
    case 'DELETING': {
      const at = ep.statusSinceMs + t.deletingSeconds * 1000;
      if (nowMs < at) return false;
      removeConnection(world, ep.connectionName);
      project.endpoints = project.endpoints.filter((e) => e !== ep);
      return true;
    }
    case 'ACTIVE':
    case 'FAILED':
      return false;
    default: {
      const never: never = ep.status;
      return never;
    }
  }
}

/**
 * Brings the world up to simulated time `nowMs`: endpoint and cluster state machines, and the pause of
 * CMK clusters whose key became unusable. Time is evaluated lazily here instead of with timers.
 * Returns true when anything changed.
 */
export function settleWorld(world: World, nowMs: number): boolean {
  let changed = false;
  for (const project of world.projects) {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const ep of [...project.endpoints]) if (stepEndpoint(world, project, ep, nowMs)) progressed = changed = true;
    }
    for (const c of project.clusters) {
      if (c.stateName === 'UPDATING' && c.updateDoneMs !== undefined && nowMs >= c.updateDoneMs) {
        c.stateName = 'IDLE';
        delete c.updateDoneMs;
        changed = true;
      }
    }
    // Revoking Atlas's access to the key makes Atlas pause the clusters that use it.
    const ear = project.azureKeyVault;
    if (ear.enabled && !earValid(world, ear, nowMs)) {
      if (ear.keyUnusableSinceMs === undefined) {
        ear.keyUnusableSinceMs = nowMs;
        changed = true;
      }
      for (const c of project.clusters) {
        if (c.encryptionAtRestProvider === 'AZURE' && !c.paused) {
          c.paused = true;
          c.pausedBySimulator = 'KEY_UNUSABLE';
          changed = true;
        }
      }
    }
  }
  if (nowMs > world.simNowMs) world.simNowMs = nowMs;
  return changed;
}
