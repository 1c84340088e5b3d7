import { isRecord, type AtlasContext } from './atlas-context.js';
import { newObjectId } from './ids.js';
import { inactiveRefusal } from './inactive-refusal.js';
import { paginate } from './pagination.js';
import { azureRegions } from './regions.js';
import { secondEndpointRefusal } from './second-endpoint.js';
import { atlasError, ok, type SimResponse } from './sim-response.js';
import { atlasMediaType } from './versioning.js';
import type { EndpointState } from './world-types.js';

/** Renders an endpoint (contract `AzureKeyVaultEARPrivateEndpoint`). */
export function renderEndpoint(ep: EndpointState): Record<string, unknown> {
  return {
    cloudProvider: ep.cloudProvider,
    ...(ep.errorMessage ? { errorMessage: ep.errorMessage } : {}),
    id: ep.id,
    ...(ep.connectionName ? { privateEndpointConnectionName: ep.connectionName } : {}),
    regionName: ep.regionName,
    status: ep.status,
  };
}

function cloudProvider(ctx: AtlasContext): 'AZURE' | 'AWS' | SimResponse {
  const value = ctx.params['cloudProvider'] ?? '';
  if (value === 'AZURE' || value === 'AWS') return value;
  return atlasError(400, 'INVALID_ENUM_VALUE', `An invalid enumeration value ${value} was specified.`, [
    value,
    'cloudProvider',
  ]);
}

/** `GET .../encryptionAtRest/{cloudProvider}/privateEndpoints`, paginated. */
export function listGroupEncryptionAtRestPrivateEndpoints(ctx: AtlasContext): SimResponse {
  const provider = cloudProvider(ctx);
  if (typeof provider !== 'string') return provider;
  const page = paginate(
    ctx.project.endpoints.filter((e) => e.cloudProvider === provider).map(renderEndpoint),
    ctx.query,
    ctx.selfUrl,
  );
  return 'error' in page ? page.error : ok(page.body, atlasMediaType(ctx.version));
}

/** `POST .../encryptionAtRest/{cloudProvider}/privateEndpoints` → 202 with the INITIATING endpoint. */
export function createGroupEncryptionAtRestPrivateEndpoint(ctx: AtlasContext): SimResponse {
  const provider = cloudProvider(ctx);
  if (typeof provider !== 'string') return provider;
  const { body, project, world } = ctx;
  const refused = inactiveRefusal(world, project);
  if (refused) return refused;
  if (!isRecord(body)) return atlasError(400, 'MALFORMED_JSON', 'The request body must be a JSON object.');
  for (const key of Object.keys(body)) {
    // Read-only fields that Terraform echoes back are tolerated; anything else is rejected as Atlas does.
    if (!['regionName', 'cloudProvider', 'id', 'status', 'errorMessage', 'privateEndpointConnectionName'].includes(key))
      return atlasError(400, 'INVALID_ATTRIBUTE', `Invalid attribute ${key} specified.`, [key]);
  }
  if (body['cloudProvider'] !== undefined && body['cloudProvider'] !== provider)
    return atlasError(400, 'INVALID_ATTRIBUTE', 'Invalid attribute cloudProvider specified.', ['cloudProvider']);
  const region = body['regionName'];
  if (region === undefined)
    return atlasError(400, 'MISSING_ATTRIBUTE', 'The required attribute regionName was not specified.', ['regionName']);
  if (provider === 'AWS')
    return atlasError(
      400,
      'ENCRYPTION_AT_REST_NOT_ENABLED',
      `Encryption at rest using AWS KMS is not enabled for group ${project.id}.`,
      [project.id],
    );
  if (typeof region !== 'string' || !azureRegions.has(region))
    return atlasError(400, 'INVALID_REGION', `No region ${String(region)} exists for provider AZURE.`, [
      String(region),
      'AZURE',
    ]);
  if (!project.azureKeyVault.enabled)
    return atlasError(
      400,
      'ENCRYPTION_AT_REST_NOT_ENABLED',
      `Encryption at rest using customer key management is not enabled for group ${project.id}.`,
      [project.id],
    );
  const second = secondEndpointRefusal(world.secondEndpoint ?? 'accept', project.endpoints, provider, region);
  if (second) return second;
  const ep: EndpointState = {
    id: newObjectId(ctx.nowMs),
    cloudProvider: provider,
    regionName: region,
    status: 'INITIATING',
    statusSinceMs: ctx.nowMs,
    createdMs: ctx.nowMs,
    failOnInit: ctx.failNewEndpoint,
  };
  project.endpoints.push(ep);
  return ok(renderEndpoint(ep), atlasMediaType(ctx.version), 202);
}

function findEndpoint(ctx: AtlasContext): { ep: EndpointState } | { error: SimResponse } {
  const provider = cloudProvider(ctx);
  if (typeof provider !== 'string') return { error: provider };
  const id = ctx.params['endpointId'] ?? '';
  const ep = ctx.project.endpoints.find((e) => e.id === id && e.cloudProvider === provider);
  return ep
    ? { ep }
    : {
        error: atlasError(
          404,
          'RESOURCE_NOT_FOUND',
          `Cannot find resource encryption at rest private endpoint ${id}.`,
          [id],
        ),
      };
}

/** `GET .../privateEndpoints/{endpointId}`; 404 once a deleted endpoint is gone. */
export function getGroupEncryptionAtRestPrivateEndpoint(ctx: AtlasContext): SimResponse {
  const found = findEndpoint(ctx);
  return 'error' in found ? found.error : ok(renderEndpoint(found.ep), atlasMediaType(ctx.version));
}

/** `DELETE .../privateEndpoints/{endpointId}` → 204, then DELETING, then 404. Refused while INITIATING. */
export function requestGroupEncryptionAtRestPrivateEndpointDeletion(ctx: AtlasContext): SimResponse {
  // An inactive project refuses the write before the endpoint is looked up (see inactive-refusal.ts).
  const refused = inactiveRefusal(ctx.world, ctx.project);
  if (refused) return refused;
  const found = findEndpoint(ctx);
  if ('error' in found) return found.error;
  const { ep } = found;
  if (ep.status === 'INITIATING') {
    return atlasError(
      400,
      'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING',
      `Failed to delete Encryption at Rest Private endpoint with id [${ep.id}] during IN_PROGRESS state. Please try again later.`,
      [[ep.id]],
    );
  }
  if (ep.status !== 'DELETING') {
    ep.status = 'DELETING';
    ep.statusSinceMs = ctx.nowMs;
  }
  return { status: 204, contentType: atlasMediaType(ctx.version) };
}
