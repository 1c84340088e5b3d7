import { checkArmApiVersion } from './arm-api-version.js';
import { armPecApiVersions } from './azure-api-versions.js';
import { authenticateAzure } from './azure-auth.js';
import { canWriteConnections } from './azure-preflight.js';
import { randomHex } from './ids.js';
import { azureError, ok, type SimResponse } from './sim-response.js';
import type { ConnectionState, VaultState, World } from './world-types.js';
import { isRecord } from './atlas-context.js';

/** A request to an ARM private endpoint connection operation. */
export interface ArmRequest {
  world: World;
  /** Simulated time: what state changes are stamped with. */
  nowMs: number;
  /** The credentials' time (`SimClock.authNow`). */
  authNowMs: number;
  operationId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
  loginBase: string;
}

function connectionId(v: VaultState, name: string): string {
  return `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.KeyVault/vaults/${v.name}/privateEndpointConnections/${name}`;
}

/** Renders a connection as the ARM `PrivateEndpointConnection` resource. */
export function renderConnection(
  v: VaultState,
  c: ConnectionState,
  provisioningState = 'Succeeded',
): Record<string, unknown> {
  return {
    id: connectionId(v, c.name),
    name: c.name,
    type: 'Microsoft.KeyVault/vaults/privateEndpointConnections',
    location: v.location,
    etag: c.etag,
    properties: {
      provisioningState,
      privateEndpoint: { id: c.privateEndpointId },
      privateLinkServiceConnectionState: { status: c.status, description: c.description, actionsRequired: 'None' },
    },
  };
}

/** Reflects an Azure-side rejection or removal on the Atlas endpoint: PENDING_RECREATION. */
function markRecreation(world: World, c: ConnectionState, nowMs: number): void {
  const project = world.projects.find((p) => p.id === c.projectId);
  const ep = project?.endpoints.find((e) => e.id === c.endpointId);
  if (ep && (ep.status === 'PENDING_ACCEPTANCE' || ep.status === 'ACTIVE')) {
    ep.status = 'PENDING_RECREATION';
    ep.statusSinceMs = nowMs;
  }
}

function findVault(req: ArmRequest): VaultState | SimResponse {
  const { subscriptionId = '', resourceGroupName = '', vaultName = '' } = req.params;
  const inSub = req.world.vaults.filter((v) => v.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  if (inSub.length === 0)
    return azureError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  const inRg = inSub.filter((v) => v.resourceGroup.toLowerCase() === resourceGroupName.toLowerCase());
  if (inRg.length === 0)
    return azureError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroupName}' could not be found.`);
  const vault = inRg.find((v) => v.name.toLowerCase() === vaultName.toLowerCase());
  return (
    vault ??
    azureError(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.KeyVault/vaults/${vaultName}' under resource group '${resourceGroupName}' was not found.`,
    )
  );
}

/** Serves the four ARM private endpoint connection operations with a Bearer token for the ARM audience. */
export function handleArm(req: ArmRequest): SimResponse {
  const { world, nowMs } = req;
  const badVersion = checkArmApiVersion(req.query, armPecApiVersions);
  if (badVersion) return badVersion;
  const app = authenticateAzure(world, req.authorization, 'arm', req.authNowMs, {
    'WWW-Authenticate': `Bearer authorization_uri="${req.loginBase}/common", error="invalid_token"`,
  });
  if ('status' in app) return app;
  const vault = findVault(req);
  if ('status' in vault) return vault;
  if (app.tenantId !== vault.tenantId)
    return azureError(
      401,
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer. It must match the tenant '${vault.tenantId}' associated with this subscription.`,
    );
  const name = req.params['connectionName'] ?? '';
  const conn = vault.connections.find((c) => c.name.toLowerCase() === name.toLowerCase());
  const forbidden = (action: string): SimResponse =>
    azureError(
      403,
      'AuthorizationFailed',
      `The client '${app.clientId}' does not have authorization to perform action 'Microsoft.KeyVault/vaults/privateEndpointConnections/${action}' over scope '${connectionId(vault, name)}' or the scope is invalid.`,
    );
  switch (req.operationId) {
    case 'PrivateEndpointConnections_ListByResource':
      return ok({ value: vault.connections.map((c) => renderConnection(vault, c)) }, 'application/json; charset=utf-8');
    case 'PrivateEndpointConnections_Get':
      // The 2023-07-01 spec answers 204 (not 404) for a connection that does not exist.
      return conn ? ok(renderConnection(vault, conn), 'application/json; charset=utf-8') : { status: 204 };
    case 'PrivateEndpointConnections_Put': {
      if (!canWriteConnections(app)) return forbidden('write');
      if (!conn)
        return azureError(404, 'PrivateEndpointConnectionNotFound', `Private endpoint connection '${name}' not found.`);
      const props = isRecord(req.body) && isRecord(req.body['properties']) ? req.body['properties'] : undefined;
      const state =
        props && isRecord(props['privateLinkServiceConnectionState'])
          ? props['privateLinkServiceConnectionState']
          : undefined;
      const status = state?.['status'];
      if (status !== 'Approved' && status !== 'Rejected') {
        return azureError(
          400,
          'InvalidRequestContent',
          "properties.privateLinkServiceConnectionState.status must be 'Approved' or 'Rejected'.",
        );
      }
      if (status !== conn.status) {
        conn.status = status;
        conn.changedMs = nowMs;
        conn.etag = `W/"${randomHex(8)}"`;
        if (status === 'Rejected') markRecreation(world, conn, nowMs);
      }
      if (typeof state?.['description'] === 'string') conn.description = state['description'];
      return ok(renderConnection(vault, conn), 'application/json; charset=utf-8');
    }
    case 'PrivateEndpointConnections_Delete': {
      if (!canWriteConnections(app)) return forbidden('delete');
      if (!conn) return { status: 204 };
      vault.connections = vault.connections.filter((c) => c !== conn);
      markRecreation(world, { ...conn, status: 'Disconnected' }, nowMs);
      return ok(
        {
          id: connectionId(vault, conn.name),
          name: conn.name,
          type: 'Microsoft.KeyVault/vaults/privateEndpointConnections',
          properties: { provisioningState: 'Disconnected' },
        },
        'application/json; charset=utf-8',
      );
    }
    default:
      return azureError(404, 'InvalidResourceType', `The operation ${req.operationId} is not supported.`);
  }
}
