import type { DraftStep, StepRole } from './draft.js';

/**
 * Pass 3, add ordering edges: the domain order of PRODUCT.md section 1, between action steps (waits do
 * not exist yet; the next pass moves each edge onto the wait that marks its step done).
 *
 * Repair: `key.enable` -> the EAR PATCH that makes Atlas validate the key again -> `cluster.resume` -> the
 * cluster's other changes -> `cluster.pause` (last, since Atlas changes nothing else on a paused cluster).
 * Bring-up: project CMK (`ear.enable`/`ear.update`) -> `ear.requirePrivateNetworking` -> each region's
 * chain (create -> approve, the create also after removing a FAILED/DELETING endpoint of the region); regions do not depend on each other so
 * they run in parallel. A cluster opts in after the project CMK is on and, when private networking is
 * required, after every region's endpoint is approved (ACTIVE once waits are added).
 * Teardown: every endpoint removal before `ear.disablePrivateNetworking` and before `ear.disable`
 * (Atlas refuses both while endpoints exist); every cluster opt-out before `ear.disable` (Atlas refuses
 * to disable CMK a cluster still uses); `ear.update` before `ear.disablePrivateNetworking` (it re-sends
 * the block with private networking still required).
 */
export function addOrderingEdges(drafts: readonly DraftStep[], requirePrivateNetworking: boolean): DraftStep[] {
  const ids = (role: StepRole, region?: string): string[] =>
    drafts.filter((d) => d.role === role && (region === undefined || d.region === region)).map((d) => d.step.id);
  const onCluster = (role: StepRole, cluster: string | undefined): string[] =>
    drafts.filter((d) => d.role === role && d.cluster === cluster).map((d) => d.step.id);
  const [projectReady] = [...ids('network-on'), ...ids('cmk-on')];
  const removalsAll = ids('endpoint-remove');

  const edgesFor = (draft: DraftStep): string[] => {
    switch (draft.role) {
      case 'key-enable':
        return [];
      case 'cmk-on':
        // Atlas refuses (or cannot validate) a key Key Vault has disabled: enable it first.
        return ids('key-enable');
      case 'cluster-resume':
        // Atlas pauses a cluster again while it cannot use the key: the key is usable and validated first.
        return [...ids('key-enable'), ...ids('cmk-on')];
      case 'cluster-pause':
        // Atlas changes nothing else on a paused cluster: its other changes come first.
        return [...onCluster('cluster-on', draft.cluster), ...onCluster('cluster-off', draft.cluster)];
      case 'network-on':
        return ids('cmk-on');
      case 'endpoint-remove':
        // Removing an endpoint needs nothing from the project settings, so it starts at once.
        return [];
      case 'endpoint-create':
        // A FAILED or DELETING endpoint of the region must be gone before its replacement is created.
        return [...ids('endpoint-remove', draft.region), ...(projectReady ? [projectReady] : [])];
      case 'endpoint-approve': {
        const creates = ids('endpoint-create', draft.region);
        return creates.length > 0 ? creates : projectReady ? [projectReady] : [];
      }
      case 'cluster-on': {
        // Approvals already come after the project is ready; name the project step only when there are none.
        const approvals = requirePrivateNetworking ? ids('endpoint-approve') : [];
        const resumed = onCluster('cluster-resume', draft.cluster);
        return [...resumed, ...(approvals.length > 0 ? approvals : projectReady ? [projectReady] : [])];
      }
      case 'cluster-off':
        // A paused cluster takes no other change: it is resumed first.
        return onCluster('cluster-resume', draft.cluster);
      case 'network-off':
        return [...ids('cmk-on'), ...removalsAll];
      case 'cmk-off':
        return [...removalsAll, ...ids('network-off'), ...ids('cluster-off')];
      default: {
        const unreachable: never = draft.role;
        return unreachable;
      }
    }
  };
  return drafts.map((draft) => ({
    ...draft,
    step: { ...draft.step, dependsOn: [...draft.step.dependsOn, ...edgesFor(draft)] },
  }));
}
