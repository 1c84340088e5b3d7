import { inactiveRefusal } from './inactive-refusal.js';
import { isRecord, type AtlasContext } from './atlas-context.js';
import { belowM10, renderCluster } from './cluster-view.js';
import { paginate } from './pagination.js';
import { atlasError, ok, type SimResponse } from './sim-response.js';
import { atlasMediaType } from './versioning.js';
import type { ClusterState } from './world-types.js';

/** `GET /groups/{groupId}` (contract `Group`). */
export function getGroup(ctx: AtlasContext): SimResponse {
  const p = ctx.project;
  const self = { href: ctx.selfUrl.origin + ctx.selfUrl.pathname, rel: 'self' };
  return ok(
    {
      clusterCount: p.clusters.length,
      created: p.created,
      id: p.id,
      links: [self],
      name: p.name,
      orgId: p.orgId,
      // `regionUsageRestrictions` is left out: the contract returns it only for Atlas for Government projects.
      tags: [],
      withDefaultAlertsSettings: true,
    },
    atlasMediaType(ctx.version),
  );
}

/** `GET /groups/{groupId}/clusters`, paginated. */
export function listGroupClusters(ctx: AtlasContext): SimResponse {
  const page = paginate(
    ctx.project.clusters.map((c) => renderCluster(ctx.project.id, c, ctx.version)),
    ctx.query,
    ctx.selfUrl,
  );
  return 'error' in page ? page.error : ok(page.body, atlasMediaType(ctx.version));
}

function findCluster(ctx: AtlasContext): ClusterState | SimResponse {
  const name = ctx.params['clusterName'] ?? '';
  const cluster = ctx.project.clusters.find((c) => c.name === name);
  return (
    cluster ??
    atlasError(404, 'CLUSTER_NOT_FOUND', `No cluster named ${name} exists in group ${ctx.project.id}.`, [
      name,
      ctx.project.id,
    ])
  );
}

/** `GET /groups/{groupId}/clusters/{clusterName}`. */
export function getGroupCluster(ctx: AtlasContext): SimResponse {
  const found = findCluster(ctx);
  return 'status' in found ? found : ok(renderCluster(ctx.project.id, found, ctx.version), atlasMediaType(ctx.version));
}

const readOnlyFields = new Set([
  'id',
  'groupId',
  'stateName',
  'name',
  'clusterType',
  'createDate',
  'links',
  'connectionStrings',
  'mongoDBVersion',
]);

/**
 * `PATCH /groups/{groupId}/clusters/{clusterName}`: applies `encryptionAtRestProvider`, `paused` and
 * `backupEnabled`; other (trimmed) fields are tolerated as Atlas accepts them. A provider change moves the
 * cluster to UPDATING, then IDLE after `clusterUpdateSeconds`.
 */
export function updateGroupCluster(ctx: AtlasContext): SimResponse {
  const found = findCluster(ctx);
  if ('status' in found) return found;
  const cluster = found;
  const body = ctx.body;
  if (!isRecord(body)) return atlasError(400, 'MALFORMED_JSON', 'The request body must be a JSON object.');
  const refused = inactiveRefusal(ctx.world, ctx.project);
  if (refused) return refused;
  if (body['name'] !== undefined && body['name'] !== cluster.name)
    return atlasError(400, 'ATTRIBUTE_READ_ONLY', 'The attribute name is read-only and cannot be changed.', ['name']);
  const changes = Object.keys(body).filter((k) => !readOnlyFields.has(k));
  // Atlas refuses any change to a paused cluster except resuming it, and resuming must be its own request.
  if (cluster.paused && changes.some((k) => k !== 'paused')) {
    return atlasError(
      409,
      'CANNOT_UPDATE_PAUSED_CLUSTER',
      `Cannot update cluster ${cluster.name} while it is paused or being paused.`,
      [cluster.name],
    );
  }
  const provider = body['encryptionAtRestProvider'];
  if (provider !== undefined && !['NONE', 'AWS', 'AZURE', 'GCP'].includes(provider as string)) {
    return atlasError(400, 'INVALID_ENUM_VALUE', `An invalid enumeration value ${String(provider)} was specified.`, [
      String(provider),
      'encryptionAtRestProvider',
    ]);
  }
  for (const flag of ['paused', 'backupEnabled'] as const) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean')
      return atlasError(
        400,
        'INVALID_JSON_ATTRIBUTE',
        `Received JSON for the ${flag} attribute does not match expected format.`,
        [flag],
      );
  }
  if (provider === 'AZURE' && cluster.encryptionAtRestProvider !== 'AZURE') {
    if (belowM10(cluster))
      return atlasError(
        400,
        'INSUFFICIENT_INSTANCE_SIZE',
        'Encryption at rest using customer key management requires an instance size of M10 or larger.',
        [cluster.name],
      );
    if (!ctx.project.azureKeyVault.enabled)
      return atlasError(
        400,
        'ENCRYPTION_AT_REST_NOT_ENABLED',
        `Encryption at rest using customer key management is not enabled for group ${ctx.project.id}.`,
        [ctx.project.id],
      );
  }
  if ((provider === 'AWS' || provider === 'GCP') && cluster.encryptionAtRestProvider !== provider) {
    return atlasError(
      400,
      'ENCRYPTION_AT_REST_NOT_ENABLED',
      `Encryption at rest using customer key management is not enabled for group ${ctx.project.id}.`,
      [ctx.project.id],
    );
  }
  if (typeof provider === 'string' && provider !== cluster.encryptionAtRestProvider) {
    cluster.encryptionAtRestProvider = provider as ClusterState['encryptionAtRestProvider'];
    cluster.stateName = 'UPDATING';
    cluster.updateDoneMs = ctx.nowMs + ctx.world.timing.clusterUpdateSeconds * 1000;
  }
  if (typeof body['backupEnabled'] === 'boolean') cluster.backupEnabled = body['backupEnabled'];
  if (typeof body['paused'] === 'boolean' && body['paused'] !== cluster.paused) {
    cluster.paused = body['paused'];
    delete cluster.pausedBySimulator;
    cluster.stateName = 'UPDATING';
    cluster.updateDoneMs = ctx.nowMs + ctx.world.timing.clusterUpdateSeconds * 1000;
  }
  return ok(renderCluster(ctx.project.id, cluster, ctx.version), atlasMediaType(ctx.version));
}
