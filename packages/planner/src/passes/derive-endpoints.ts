import type { LiveEndpoint } from '@atlas-cmk/core';
import { diffPatch } from '../json-patch.js';
import type { ChangeAction, ResourceChange } from '../plan-types.js';
import type { EndpointIntent, ProjectInput } from './draft.js';
import type { PlannerDiagnostic } from '../planner-codes.js';
import { endpointInUse, preferredEndpoint } from '../endpoint-order.js';

/** What the endpoint derivation returns for all regions of a project. */
export interface DerivedEndpoints {
  intents: EndpointIntent[];
  changes: ResourceChange[];
  warnings: string[];
  diagnostics: PlannerDiagnostic[];
}

/**
 * Compares the desired regions with the project's Azure endpoints, region by region. Desired regions
 * count only when CMK and private networking are both desired; every other endpoint is removed.
 * Each region becomes one `endpoint.<REGION>` resource change whose `after` is `ACTIVE` (or absent).
 */
export function deriveEndpoints(input: ProjectInput): DerivedEndpoints {
  const { doc, live } = input;
  const spec = doc.project.spec;
  const desiredRegions =
    spec.azureKeyVault.enabled && spec.azureKeyVault.requirePrivateNetworking ? spec.privateEndpoints.regions : [];
  const endpoints = live.endpoints.filter((e) => e.cloudProvider === 'AZURE');
  const otherRegions = [...new Set(endpoints.map((e) => e.regionName))]
    .filter((r) => !desiredRegions.includes(r))
    .sort();
  const out: DerivedEndpoints = { intents: [], changes: [], warnings: [], diagnostics: [] };

  desiredRegions.forEach((region, index) => {
    const inRegion = endpoints.filter((e) => e.regionName === region);
    const found = desiredRegion(region, inRegion);
    out.intents.push(...found.intents);
    const after = { regionName: region, status: 'ACTIVE', ...(found.keepsId ? { id: found.keepsId } : {}) };
    const kept = found.keepsId ? inRegion.find((e) => e.id === found.keepsId) : undefined;
    const duplicates = kept ? inRegion.filter((e) => e !== kept && endpointInUse(e)) : [];
    out.changes.push(change(region, found.action, kept ?? primary(inRegion), after, found.reason, duplicates));
    const removed = found.intents.flatMap((i) => (i.kind === 'remove' ? [i.endpoint] : []));
    for (const e of removed.filter((x) => x.status === 'FAILED')) {
      out.warnings.push(
        `Endpoint ${e.id} in ${region} is FAILED${e.errorMessage ? ` (${e.errorMessage})` : ''}: it is deleted and created again.`,
      );
    }
    if (removed.some((e) => e.status === 'DELETING')) {
      out.diagnostics.push({
        code: 'plan/endpoint-deleting',
        severity: 'warning',
        message: `The endpoint in ${region} is being deleted; the plan waits until it is gone, then creates a new one.`,
        ...doc.locate(['spec', 'privateEndpoints', 'regions', index]),
        projectId: live.projectId,
      });
    }
  });
  for (const region of otherRegions) {
    const inRegion = endpoints.filter((e) => e.regionName === region);
    out.intents.push(...inRegion.map((endpoint): EndpointIntent => ({ kind: 'remove', region, endpoint })));
    const onlyWaiting = inRegion.every((e) => e.status === 'DELETING');
    out.changes.push(
      change(
        region,
        onlyWaiting ? 'read' : 'delete',
        primary(inRegion),
        null,
        onlyWaiting ? 'Atlas is already deleting it' : undefined,
      ),
    );
  }
  return out;
}

interface RegionOutcome {
  intents: EndpointIntent[];
  action: ChangeAction;
  reason?: string;
  /** The id of the existing endpoint that becomes ACTIVE, when there is one. */
  keepsId?: string;
}

function desiredRegion(region: string, inRegion: LiveEndpoint[]): RegionOutcome {
  const ids = inRegion.map((e) => e.id);
  const keep = preferredEndpoint(inRegion);
  if (keep) return keptRegion(region, inRegion, keep);
  const recreating = inRegion.filter((e) => e.status === 'PENDING_RECREATION');
  if (recreating.length > 0) {
    return {
      intents: [{ kind: 'approve', region, afterCreate: false, ignore: ids }],
      action: 'update',
      reason:
        'the endpoint was rejected or removed in Azure (PENDING_RECREATION); Atlas creates a new one, which needs approval',
    };
  }
  const removals = inRegion.map((endpoint): EndpointIntent => ({
    kind: 'remove',
    region,
    endpoint,
  }));
  const failed = inRegion.some((e) => e.status === 'FAILED');
  return {
    intents: [
      ...removals,
      { kind: 'create', region, ignore: ids },
      { kind: 'approve', region, afterCreate: true, ignore: ids },
    ],
    action: failed ? 'replace' : 'create',
    ...(failed ? { reason: 'the endpoint FAILED and must be replaced' } : {}),
    ...(!failed && removals.length > 0 ? { reason: 'the old endpoint is still being deleted' } : {}),
  };
}

/**
 * A region with an endpoint in use keeps exactly one (see `preferredEndpoint`): every other endpoint in use is a
 * duplicate and is deleted; the kept one is approved unless it is ACTIVE. Endpoints on their way out (DELETING,
 * FAILED, PENDING_RECREATION) are left alone.
 */
function keptRegion(region: string, inRegion: LiveEndpoint[], keep: LiveEndpoint): RegionOutcome {
  const ids = inRegion.map((e) => e.id);
  const duplicates = inRegion.filter((e) => e !== keep && endpointInUse(e));
  const removals = duplicates.map((endpoint): EndpointIntent => ({ kind: 'remove', region, endpoint, keep }));
  const duplicateReason =
    duplicates.length > 0
      ? `${duplicates.length + 1} endpoints in one region: ${keep.id} (${keep.status}) stays, the ${duplicates.length === 1 ? 'other is' : `other ${duplicates.length} are`} deleted`
      : undefined;
  if (keep.status === 'ACTIVE') {
    return duplicates.length === 0
      ? { intents: [], action: 'no-op' }
      : {
          intents: removals,
          action: 'update',
          keepsId: keep.id,
          ...(duplicateReason ? { reason: duplicateReason } : {}),
        };
  }
  const recreating = inRegion.some((e) => e.status === 'PENDING_RECREATION');
  const approval = recreating
    ? 'Atlas recreated the endpoint that was rejected or removed in Azure; the new one needs approval'
    : `the endpoint is ${keep.status} and needs approval`;
  return {
    intents: [
      ...removals,
      { kind: 'approve', region, endpoint: keep, afterCreate: false, ignore: ids.filter((id) => id !== keep.id) },
    ],
    action: 'update',
    keepsId: keep.id,
    reason: duplicateReason ? `${approval}; ${duplicateReason}` : approval,
  };
}

/** The endpoint shown as `before`: the one that says most about the region. */
function primary(inRegion: LiveEndpoint[]): LiveEndpoint | undefined {
  const rank = ['ACTIVE', 'PENDING_ACCEPTANCE', 'INITIATING', 'PENDING_RECREATION', 'FAILED', 'DELETING'];
  return [...inRegion].sort((a, b) => rank.indexOf(a.status) - rank.indexOf(b.status))[0];
}

function change(
  region: string,
  action: ChangeAction,
  before: LiveEndpoint | undefined,
  after: Record<string, unknown> | null,
  reason: string | undefined,
  duplicates: readonly LiveEndpoint[] = [],
): ResourceChange {
  const beforeView = before
    ? {
        regionName: region,
        status: before.status,
        id: before.id,
        ...(duplicates.length > 0 ? { duplicates: duplicates.map((e) => ({ id: e.id, status: e.status })) } : {}),
      }
    : null;
  // An endpoint created during apply gets its id then: `after` shows only what is known in advance.
  const shown = action === 'no-op' ? beforeView : after;
  return {
    address: `endpoint.${region}`,
    action,
    before: beforeView,
    after: shown,
    patch: diffPatch(beforeView, shown),
    ...(reason ? { reason } : {}),
  };
}
