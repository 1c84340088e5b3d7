import { atlasPaths } from '../atlas-paths.js';
import { parseKeyIdentifier, shortKey } from '../key-identifier.js';
import type {
  ClusterActionStep,
  ClusterPauseStep,
  ClusterWaitStep,
  EndpointActionStep,
  EndpointApproveStep,
  KeyEnableStep,
} from '../step-types.js';
import type { ClusterIntent, DerivedChanges, DraftStep, EndpointIntent, KeyIntent, ProjectInput } from './draft.js';
import { earSteps } from './ear-steps.js';
import { endpointWait } from './endpoint-steps.js';

/**
 * Pass 2, expand to steps: each intent becomes the API calls it takes, with the waits each call needs
 * recorded beside it (not yet wired). Order here is only the preferred display order: project
 * settings, then regions in file order, then clusters; the edges come from the next passes.
 */
export function expandSteps(input: ProjectInput, derived: DerivedChanges): DraftStep[] {
  const { doc, live } = input;
  return [
    ...(derived.key ? [keyStep(derived.key)] : []),
    ...earSteps(doc.project.spec, live, derived.ear),
    ...derived.endpoints.flatMap((intent) => endpointSteps(input, intent)),
    ...derived.clusters.map((intent) => clusterSteps(live.projectId, intent)),
  ];
}

function endpointSteps(input: ProjectInput, intent: EndpointIntent): DraftStep[] {
  const projectId = input.live.projectId;
  const vault = input.doc.project.spec.azureKeyVault;
  switch (intent.kind) {
    case 'remove': {
      const { region, endpoint, keep } = intent;
      const gone = endpointWait({ kind: 'endpoint.waitDeleted', projectId, region, endpoint, ignore: [] });
      const base = { role: 'endpoint-remove' as const, region };
      // Atlas is already deleting it: the plan only waits until it is gone.
      if (endpoint.status === 'DELETING') return [{ ...base, step: gone }];
      const step: EndpointActionStep = {
        id: `endpoint.delete:${region}:${endpoint.id}`,
        kind: 'endpoint.delete',
        target: region,
        dependsOn: [],
        destructive: true,
        description: keep
          ? `Delete duplicate endpoint ${endpoint.id} in ${region} (${endpoint.status}); ${keep.id} stays`
          : `Delete endpoint ${endpoint.id} in ${region} (${endpoint.status})`,
        region,
        endpointId: endpoint.id,
        ...(keep ? { keepEndpointId: keep.id } : {}),
        request: { method: 'DELETE', path: atlasPaths.endpoint(projectId, endpoint.id) },
      };
      // Atlas refuses to delete an endpoint that is still provisioning: wait for it to leave INITIATING.
      const waitBefore =
        endpoint.status === 'INITIATING'
          ? endpointWait({
              kind: 'endpoint.waitPendingAcceptance',
              projectId,
              region,
              endpoint,
              ignore: [],
              purpose: 'left-initiating',
            })
          : undefined;
      return [{ ...base, step, waitAfter: gone, ...(waitBefore ? { waitBefore } : {}) }];
    }
    case 'create': {
      const { region } = intent;
      const step: EndpointActionStep = {
        id: `endpoint.create:${region}`,
        kind: 'endpoint.create',
        target: region,
        dependsOn: [],
        destructive: false,
        description: `Create the private endpoint in ${region}`,
        region,
        request: { method: 'POST', path: atlasPaths.endpoints(projectId), body: { regionName: region } },
      };
      const waitAfter = endpointWait({
        kind: 'endpoint.waitPendingAcceptance',
        projectId,
        region,
        ignore: intent.ignore,
      });
      return [{ step, role: 'endpoint-create', region, waitAfter }];
    }
    case 'approve': {
      const { region, endpoint } = intent;
      const how = vault.keyVaultName ? ` on key vault ${vault.keyVaultName}` : '';
      const step: EndpointApproveStep = {
        id: `endpoint.approve:${region}`,
        kind: 'endpoint.approve',
        target: region,
        dependsOn: [],
        destructive: false,
        description:
          input.doc.project.spec.privateEndpoints.approval === 'manual'
            ? `Approve the private endpoint connection for ${region}${how} (manual)`
            : `Approve the private endpoint connection for ${region}${how} through Azure Resource Manager`,
        approval: input.doc.project.spec.privateEndpoints.approval,
        azureEnvironment: vault.azureEnvironment,
        subscriptionID: vault.subscriptionID ?? '',
        resourceGroupName: vault.resourceGroupName ?? '',
        keyVaultName: vault.keyVaultName ?? '',
        region,
        ...(endpoint ? { endpointId: endpoint.id } : {}),
        ignoreEndpointIds: [...intent.ignore],
      };
      const ignore = intent.ignore;
      // A new endpoint (just created, or Atlas's replacement of a PENDING_RECREATION one) and an
      // INITIATING one must first reach PENDING_ACCEPTANCE; the create's own wait covers the first case.
      const needsWait = !intent.afterCreate && endpoint?.status !== 'PENDING_ACCEPTANCE';
      const waitBefore = needsWait
        ? endpointWait({
            kind: 'endpoint.waitPendingAcceptance',
            projectId,
            region,
            ignore,
            ...(endpoint ? { endpoint } : {}),
          })
        : undefined;
      const waitAfter = endpointWait({
        kind: 'endpoint.waitActive',
        projectId,
        region,
        ignore,
        ...(endpoint ? { endpoint } : {}),
      });
      return [{ step, role: 'endpoint-approve', region, waitAfter, ...(waitBefore ? { waitBefore } : {}) }];
    }
    default: {
      const unreachable: never = intent;
      return unreachable;
    }
  }
}

function keyStep(intent: KeyIntent): DraftStep {
  const parts = parseKeyIdentifier(intent.keyIdentifier);
  const name = parts ? shortKey(parts) : intent.keyIdentifier;
  const step: KeyEnableStep = {
    id: 'key.enable',
    kind: 'key.enable',
    target: parts ? `${parts.keyName}/${parts.keyVersion}` : intent.keyIdentifier,
    dependsOn: [],
    destructive: false,
    description: `Enable key ${name} in vault ${intent.keyVaultName} (Key Vault reports it disabled)`,
    keyIdentifier: intent.keyIdentifier,
    keyVaultName: intent.keyVaultName,
    azureEnvironment: intent.azureEnvironment,
  };
  return { step, role: 'key-enable' };
}

function clusterSteps(projectId: string, intent: ClusterIntent): DraftStep {
  const { cluster } = intent;
  switch (intent.kind) {
    case 'enable':
    case 'disable':
      return cmkSteps(projectId, cluster, intent.kind === 'enable');
    case 'resume':
    case 'pause':
      return pauseSteps(projectId, cluster, intent.kind === 'pause');
    default: {
      const unreachable: never = intent.kind;
      return unreachable;
    }
  }
}

function cmkSteps(projectId: string, cluster: string, enable: boolean): DraftStep {
  const step: ClusterActionStep = {
    id: `${enable ? 'cluster.enableCmk' : 'cluster.disableCmk'}:${cluster}`,
    kind: enable ? 'cluster.enableCmk' : 'cluster.disableCmk',
    target: cluster,
    dependsOn: [],
    destructive: !enable,
    description: enable
      ? `Encrypt cluster ${cluster} with the project key`
      : `Stop using the project key on cluster ${cluster}`,
    cluster,
    request: {
      method: 'PATCH',
      path: atlasPaths.cluster(projectId, cluster),
      body: { encryptionAtRestProvider: enable ? 'AZURE' : 'NONE' },
    },
  };
  const waitAfter: ClusterWaitStep = {
    id: `cluster.waitIdle:${cluster}`,
    kind: 'cluster.waitIdle',
    target: cluster,
    dependsOn: [],
    destructive: false,
    description: `Wait for cluster ${cluster} to be IDLE`,
    cluster,
    until: ['IDLE'],
    request: { method: 'GET', path: atlasPaths.cluster(projectId, cluster) },
  };
  return { step, role: enable ? 'cluster-on' : 'cluster-off', cluster, waitAfter };
}

/** A resume or pause is a PATCH of `paused` alone (Atlas refuses it combined with other changes), then a wait. */
function pauseSteps(projectId: string, cluster: string, pause: boolean): DraftStep {
  const step: ClusterPauseStep = {
    id: `${pause ? 'cluster.pause' : 'cluster.resume'}:${cluster}`,
    kind: pause ? 'cluster.pause' : 'cluster.resume',
    target: cluster,
    dependsOn: [],
    destructive: pause,
    description: pause
      ? `Pause cluster ${cluster} (the file says paused: true; its database stops)`
      : `Resume cluster ${cluster} (paused; the file does not say paused: true)`,
    cluster,
    request: { method: 'PATCH', path: atlasPaths.cluster(projectId, cluster), body: { paused: pause } },
  };
  const waitAfter: ClusterWaitStep = {
    id: `cluster.waitIdle:${cluster}:${pause ? 'paused' : 'resumed'}`,
    kind: 'cluster.waitIdle',
    target: cluster,
    dependsOn: [],
    destructive: false,
    description: `Wait for cluster ${cluster} to be IDLE and ${pause ? 'paused' : 'running'}`,
    cluster,
    until: ['IDLE'],
    paused: pause,
    request: { method: 'GET', path: atlasPaths.cluster(projectId, cluster) },
  };
  return { step, role: pause ? 'cluster-pause' : 'cluster-resume', cluster, waitAfter };
}
