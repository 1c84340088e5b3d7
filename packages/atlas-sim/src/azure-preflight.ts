import { checkArmApiVersion } from './arm-api-version.js';
import { armPecApiVersions } from './azure-api-versions.js';
import { authenticateAzure } from './azure-auth.js';
import { azureError, ok, type SimResponse } from './sim-response.js';
import type { AzureAppState, VaultState, World } from './world-types.js';

/** Microsoft.Resources api-versions accepted for `Providers_Get` (azure-preflight.subset.md §1). */
export const resourcesApiVersions = ['2021-04-01', '2022-09-01', '2024-03-01'];
/** Microsoft.Authorization api-versions accepted for `Permissions_ListForResource` (§3). */
export const authorizationApiVersions = ['2022-04-01'];
/** Key Vault Resource Manager api-versions accepted for `Vaults_Get` (§2): those of keyvault.json. */
export const vaultApiVersions = armPecApiVersions;

/** What a caller may do on a vault: the actions of `Permission` (Microsoft.Authorization). */
export interface PermissionState {
  actions: string[];
  notActions: string[];
}

/**
 * The permissions an app has on a vault when the world does not set them: an app that may approve gets the
 * built-in Key Vault Contributor's actions (`Microsoft.KeyVault/*`), any other one only reads.
 */
export function permissionsOf(app: AzureAppState): PermissionState {
  if (app.permissions) return app.permissions;
  return app.canApprove
    ? { actions: ['Microsoft.KeyVault/*', 'Microsoft.Resources/subscriptions/resourceGroups/read'], notActions: [] }
    : { actions: ['*/read'], notActions: [] };
}

/** True when the app may approve, reject or delete a vault's private endpoint connections. */
export function canWriteConnections(app: AzureAppState): boolean {
  const { actions, notActions } = permissionsOf(app);
  const action = 'Microsoft.KeyVault/vaults/privateEndpointConnections/write';
  const matches = (pattern: string): boolean =>
    new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      'i',
    ).test(action);
  return actions.some(matches) && !notActions.some(matches);
}

/** A subscription's registration state of a resource provider: `Registered` unless the world says otherwise. */
export function registrationState(world: World, subscriptionId: string, namespace: string): string {
  const found = (world.azureProviders ?? []).find(
    (p) =>
      p.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
      p.namespace.toLowerCase() === namespace.toLowerCase(),
  );
  return found?.registrationState ?? 'Registered';
}

/** A request to one of the read operations the preflight makes. */
export interface PreflightRequest {
  world: World;
  /** The time tokens are checked against (credentials age on real time, not on the scaled clock). */
  authNowMs: number;
  operationId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  authorization: string | undefined;
  loginBase: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function knownSubscription(world: World, subscriptionId: string): boolean {
  const id = subscriptionId.toLowerCase();
  return (
    world.vaults.some((v) => v.subscriptionId.toLowerCase() === id) ||
    (world.azureProviders ?? []).some((p) => p.subscriptionId.toLowerCase() === id)
  );
}

function lookUpVault(world: World, params: Record<string, string>): VaultState | SimResponse {
  const { subscriptionId = '', resourceGroupName = '', vaultName = '' } = params;
  if (!knownSubscription(world, subscriptionId))
    return azureError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  const inRg = world.vaults.filter(
    (v) =>
      v.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
      v.resourceGroup.toLowerCase() === resourceGroupName.toLowerCase(),
  );
  const vault = inRg.find((v) => v.name.toLowerCase() === vaultName.toLowerCase());
  if (vault) return vault;
  if (inRg.length === 0)
    return azureError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroupName}' could not be found.`);
  return azureError(
    404,
    'ResourceNotFound',
    `The Resource 'Microsoft.KeyVault/vaults/${vaultName}' under resource group '${resourceGroupName}' was not found.`,
  );
}

function vaultId(v: VaultState): string {
  return `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}/providers/Microsoft.KeyVault/vaults/${v.name}`;
}

/**
 * Serves the reads of `atlas-cmk preflight`: a resource provider's registration in a subscription, a Key Vault, and
 * the caller's permissions on it. Each needs a Bearer token for the ARM audience; nothing is changed.
 */
export function handlePreflightRead(req: PreflightRequest): SimResponse {
  const accepted =
    req.operationId === 'Providers_Get'
      ? resourcesApiVersions
      : req.operationId === 'Permissions_ListForResource'
        ? authorizationApiVersions
        : vaultApiVersions;
  const versionProblem = checkArmApiVersion(req.query, accepted);
  if (versionProblem) return versionProblem;
  const app = authenticateAzure(req.world, req.authorization, 'arm', req.authNowMs, {
    'WWW-Authenticate': `Bearer authorization_uri="${req.loginBase}/common", error="invalid_token"`,
  });
  if ('status' in app) return app;
  if (req.operationId === 'Providers_Get') {
    const { subscriptionId = '', namespace = '' } = req.params;
    if (!knownSubscription(req.world, subscriptionId))
      return azureError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
    return ok(
      {
        id: `/subscriptions/${subscriptionId}/providers/${namespace}`,
        namespace,
        registrationState: registrationState(req.world, subscriptionId, namespace),
        registrationPolicy: 'RegistrationRequired',
        resourceTypes: [],
      },
      JSON_TYPE,
    );
  }
  const vault = lookUpVault(req.world, req.params);
  if ('status' in vault) return vault;
  if (app.tenantId !== vault.tenantId)
    return azureError(
      401,
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer. It must match the tenant '${vault.tenantId}' associated with this subscription.`,
    );
  if (req.operationId === 'Permissions_ListForResource') {
    const p = permissionsOf(app);
    return ok(
      { value: [{ actions: p.actions, notActions: p.notActions, dataActions: [], notDataActions: [] }] },
      JSON_TYPE,
    );
  }
  return ok(
    {
      id: vaultId(vault),
      name: vault.name,
      type: 'Microsoft.KeyVault/vaults',
      location: vault.location,
      tags: {},
      properties: {
        tenantId: vault.tenantId,
        sku: { family: 'A', name: 'standard' },
        vaultUri: `https://${vault.name}.vault.azure.net/`,
        enableRbacAuthorization: true,
        publicNetworkAccess: 'Disabled',
        provisioningState: 'Succeeded',
      },
    },
    JSON_TYPE,
  );
}
