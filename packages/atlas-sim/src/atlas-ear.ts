import { inactiveRefusal } from './inactive-refusal.js';
import { isRecord, type AtlasContext } from './atlas-context.js';
import { isMultiCloud } from './cluster-view.js';
import { checkEnabledConfig, liveEndpoints, validateAzureBlock } from './ear-checks.js';
import { hashToken } from './ids.js';
import { earReportedValid } from './key-check.js';
import { atlasError, ok, type SimResponse } from './sim-response.js';
import { atlasMediaType } from './versioning.js';
import type { AzureEarState, ProjectState, World } from './world-types.js';

/** Renders the project's EncryptionAtRest document; `secret` is write-only and never returned. */
export function renderEncryptionAtRest(world: World, project: ProjectState, nowMs: number): Record<string, unknown> {
  const { secretHash: _secretHash, keyUnusableSinceMs: _since, ...ear } = project.azureKeyVault;
  return {
    awsKms: { enabled: false, valid: false },
    azureKeyVault: { ...ear, valid: earReportedValid(world, project.azureKeyVault, nowMs) },
    enabledForSearchNodes: project.enabledForSearchNodes,
    googleCloudKms: { enabled: false, valid: false },
  };
}

/** `GET /groups/{groupId}/encryptionAtRest`. */
export function getGroupEncryptionAtRest(ctx: AtlasContext): SimResponse {
  return ok(renderEncryptionAtRest(ctx.world, ctx.project, ctx.nowMs), atlasMediaType(ctx.version));
}

function disable(ctx: AtlasContext): SimResponse | undefined {
  const { project } = ctx;
  if (liveEndpoints(project) > 0)
    return atlasError(
      400,
      'CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS',
      'Encryption at Rest cannot be disabled when private endpoints are present.',
    );
  if (project.clusters.some((c) => c.encryptionAtRestProvider === 'AZURE')) {
    return atlasError(
      409,
      'CANNOT_DISABLE_ENCRYPTION_AT_REST',
      `Cannot disable encryption at rest because it is still enabled on one or more clusters in the group.`,
      [project.id],
    );
  }
  project.azureKeyVault = { ...project.azureKeyVault, enabled: false, requirePrivateNetworking: false };
  return undefined;
}

/**
 * `PATCH /groups/{groupId}/encryptionAtRest`. Wrong Azure credentials are refused with 400
 * INVALID_AZURE_CREDENTIALS (Atlas validates access on write); later loss of access shows as `valid: false`.
 */
export function updateGroupEncryptionAtRest(ctx: AtlasContext): SimResponse {
  const { project, world, body } = ctx;
  if (!isRecord(body)) return atlasError(400, 'MALFORMED_JSON', 'The request body must be a JSON object.');
  const refused = inactiveRefusal(world, project);
  if (refused) return refused;
  for (const key of Object.keys(body)) {
    if (!['awsKms', 'azureKeyVault', 'googleCloudKms', 'enabledForSearchNodes'].includes(key))
      return atlasError(400, 'INVALID_ATTRIBUTE', `Invalid attribute ${key} specified.`, [key]);
  }
  for (const other of ['awsKms', 'googleCloudKms']) {
    const block = body[other];
    if (block !== undefined && (!isRecord(block) || block['enabled'] === true)) {
      return atlasError(
        400,
        'ENCRYPTION_AT_REST_PROVIDER_NOT_SUPPORTED',
        `The simulator supports only the AZURE encryption at rest provider (${other}).`,
        [other],
      );
    }
  }
  if (body['enabledForSearchNodes'] !== undefined && typeof body['enabledForSearchNodes'] !== 'boolean') {
    return atlasError(
      400,
      'INVALID_JSON_ATTRIBUTE',
      'Received JSON for the enabledForSearchNodes attribute does not match expected format.',
      ['enabledForSearchNodes'],
    );
  }
  const block = body['azureKeyVault'];
  if (block !== undefined) {
    if (!isRecord(block))
      return atlasError(
        400,
        'INVALID_JSON_ATTRIBUTE',
        'Received JSON for the azureKeyVault attribute does not match expected format.',
        ['azureKeyVault'],
      );
    const invalid = validateAzureBlock(block);
    if (invalid) return invalid;
    if (block['enabled'] === false) {
      const refused = disable(ctx);
      if (refused) return refused;
    } else {
      const { valid: _valid, secret, ...fields } = block;
      const cur = project.azureKeyVault;
      const next: AzureEarState = {
        ...(cur.enabled ? cur : { requirePrivateNetworking: false }),
        ...(fields as Partial<AzureEarState>),
        ...(typeof secret === 'string' ? { secretHash: hashToken(secret) } : {}),
        enabled: block['enabled'] === true || cur.enabled,
      };
      if (!next.enabled)
        return atlasError(
          400,
          'ENCRYPTION_AT_REST_NOT_ENABLED',
          `Encryption at rest using customer key management is not enabled for group ${project.id}.`,
          [project.id],
        );
      const refused = checkEnabledConfig(ctx, next);
      if (refused) return refused;
      // The write validated the key (checkEnabledConfig refuses an unusable one): Atlas uses it again.
      delete next.keyUnusableSinceMs;
      const turnsOnPrivateNetworking = next.requirePrivateNetworking && !cur.requirePrivateNetworking;
      project.azureKeyVault = next;
      // Documented side effect: CMK over private endpoints disables multi-cloud clusters of the project.
      if (turnsOnPrivateNetworking) {
        for (const c of project.clusters) {
          if (isMultiCloud(c) && !c.paused) {
            c.paused = true;
            c.pausedBySimulator = 'MULTI_CLOUD_PRIVATE_NETWORKING';
          }
        }
      }
    }
  }
  if (typeof body['enabledForSearchNodes'] === 'boolean') project.enabledForSearchNodes = body['enabledForSearchNodes'];
  return ok(renderEncryptionAtRest(world, project, ctx.nowMs), atlasMediaType(ctx.version));
}
