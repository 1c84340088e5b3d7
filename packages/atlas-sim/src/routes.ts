/** Which part of the simulator serves a request. */
export type RouteArea = 'atlas' | 'atlas-oauth' | 'arm' | 'arm-read' | 'graph' | 'login' | 'keyvault';

/** A matched route: the contract operation id (or a descriptive id outside the Atlas contract) and path params. */
export interface RouteMatch {
  area: RouteArea;
  operationId: string;
  params: Record<string, string>;
}

interface RouteDef {
  area: RouteArea;
  method: string;
  pattern: RegExp;
  operationId: string;
  names: string[];
}

const seg = '([^/]+)';
const g = '/api/atlas/v2/groups/' + seg;
const vaultPath =
  '/azure/arm/subscriptions/' + seg + '/resourceGroups/' + seg + '/providers/Microsoft\\.KeyVault/vaults/' + seg;
const pec = `${vaultPath}/privateEndpointConnections`;

function route(area: RouteArea, method: string, path: string, operationId: string, names: string[] = []): RouteDef {
  return { area, method, pattern: new RegExp(`^${path}/?$`, 'i'), operationId, names };
}

const routes: RouteDef[] = [
  route('atlas', 'GET', g, 'getGroup', ['groupId']),
  route('atlas', 'GET', `${g}/clusters`, 'listGroupClusters', ['groupId']),
  route('atlas', 'GET', `${g}/clusters/${seg}`, 'getGroupCluster', ['groupId', 'clusterName']),
  route('atlas', 'PATCH', `${g}/clusters/${seg}`, 'updateGroupCluster', ['groupId', 'clusterName']),
  route('atlas', 'GET', `${g}/encryptionAtRest`, 'getGroupEncryptionAtRest', ['groupId']),
  route('atlas', 'PATCH', `${g}/encryptionAtRest`, 'updateGroupEncryptionAtRest', ['groupId']),
  route('atlas', 'GET', `${g}/encryptionAtRest/${seg}/privateEndpoints`, 'listGroupEncryptionAtRestPrivateEndpoints', [
    'groupId',
    'cloudProvider',
  ]),
  route(
    'atlas',
    'POST',
    `${g}/encryptionAtRest/${seg}/privateEndpoints`,
    'createGroupEncryptionAtRestPrivateEndpoint',
    ['groupId', 'cloudProvider'],
  ),
  route(
    'atlas',
    'GET',
    `${g}/encryptionAtRest/${seg}/privateEndpoints/${seg}`,
    'getGroupEncryptionAtRestPrivateEndpoint',
    ['groupId', 'cloudProvider', 'endpointId'],
  ),
  route(
    'atlas',
    'DELETE',
    `${g}/encryptionAtRest/${seg}/privateEndpoints/${seg}`,
    'requestGroupEncryptionAtRestPrivateEndpointDeletion',
    ['groupId', 'cloudProvider', 'endpointId'],
  ),
  route('atlas-oauth', 'POST', '/api/oauth/token', 'atlasOAuthToken'),
  route('atlas-oauth', 'POST', '/api/oauth/revoke', 'atlasOAuthRevoke'),
  route('arm', 'GET', pec, 'PrivateEndpointConnections_ListByResource', [
    'subscriptionId',
    'resourceGroupName',
    'vaultName',
  ]),
  route('arm', 'GET', `${pec}/${seg}`, 'PrivateEndpointConnections_Get', [
    'subscriptionId',
    'resourceGroupName',
    'vaultName',
    'connectionName',
  ]),
  route('arm', 'PUT', `${pec}/${seg}`, 'PrivateEndpointConnections_Put', [
    'subscriptionId',
    'resourceGroupName',
    'vaultName',
    'connectionName',
  ]),
  route('arm', 'DELETE', `${pec}/${seg}`, 'PrivateEndpointConnections_Delete', [
    'subscriptionId',
    'resourceGroupName',
    'vaultName',
    'connectionName',
  ]),
  route('arm-read', 'GET', '/azure/arm/subscriptions/' + seg + '/providers/' + seg, 'Providers_Get', [
    'subscriptionId',
    'namespace',
  ]),
  route('arm-read', 'GET', vaultPath, 'Vaults_Get', ['subscriptionId', 'resourceGroupName', 'vaultName']),
  route(
    'arm-read',
    'GET',
    `${vaultPath}/providers/Microsoft\\.Authorization/permissions`,
    'Permissions_ListForResource',
    ['subscriptionId', 'resourceGroupName', 'vaultName'],
  ),
  route('graph', 'GET', "/azure/graph/v1\\.0/applications\\(appId=(?:'|%27)([^'%/]+)(?:'|%27)\\)", 'application_Get', [
    'appId',
  ]),
  route('login', 'POST', `/azure/login/${seg}/oauth2/v2\\.0/token`, 'entraToken', ['tenantId']),
  route('login', 'GET', `/azure/login/${seg}/v2\\.0/\\.well-known/openid-configuration`, 'entraOpenIdConfiguration', [
    'tenantId',
  ]),
  route('login', 'GET', '/azure/login/common/discovery/instance', 'entraInstanceDiscovery'),
  route('login', 'GET', '/azure/msi/token', 'managedIdentityToken'),
  // Microsoft.Resources: what `az login` and the SDKs list after signing in.
  route('arm', 'GET', '/azure/arm/subscriptions', 'Subscriptions_List'),
  route('arm', 'GET', `/azure/arm/subscriptions/${seg}`, 'Subscriptions_Get', ['subscriptionId']),
  route('arm', 'GET', '/azure/arm/tenants', 'Tenants_List'),
  // Entra ID in login.microsoftonline.com's own layout (tenant as the first path segment), for clients that read
  // the tenant from an authority URL: the HTTPS origin is the authority host.
  route('login', 'POST', `/${seg}/oauth2/v2\\.0/token`, 'entraToken', ['tenantId']),
  route('login', 'POST', `/${seg}/oauth2/token`, 'entraToken', ['tenantId']),
  route('login', 'GET', `/${seg}/v2\\.0/\\.well-known/openid-configuration`, 'entraOpenIdConfiguration', ['tenantId']),
  route('login', 'GET', `/${seg}/\\.well-known/openid-configuration`, 'entraOpenIdConfiguration', ['tenantId']),
  route('login', 'GET', '/common/discovery/instance', 'entraInstanceDiscovery'),
  // Before GetKey, whose version segment would take `versions`.
  route('keyvault', 'GET', `/azure/keyvault/${seg}/keys/${seg}/versions`, 'GetKeyVersions', ['vaultName', 'keyName']),
  route('keyvault', 'GET', `/azure/keyvault/${seg}/keys/${seg}/${seg}`, 'GetKey', [
    'vaultName',
    'keyName',
    'keyVersion',
  ]),
  route('keyvault', 'GET', `/azure/keyvault/${seg}/keys/${seg}`, 'GetKey', ['vaultName', 'keyName']),
  route('keyvault', 'PATCH', `/azure/keyvault/${seg}/keys/${seg}/${seg}`, 'UpdateKey', [
    'vaultName',
    'keyName',
    'keyVersion',
  ]),
];

/** Percent-decodes a path segment; a malformed escape is kept as sent (it then fails validation, not the server). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The result of matching: a route, a path that exists with another method, or nothing. */
export type RouteResult =
  { kind: 'match'; match: RouteMatch } | { kind: 'method-not-allowed'; area: RouteArea } | { kind: 'not-found' };

/** Matches a request path (without query) against every simulated operation. */
export function matchRoute(method: string, path: string): RouteResult {
  let otherMethod: RouteArea | undefined;
  for (const def of routes) {
    const m = def.pattern.exec(path);
    if (!m) continue;
    if (def.method !== method) {
      otherMethod ??= def.area;
      continue;
    }
    const params: Record<string, string> = {};
    def.names.forEach((name, i) => {
      params[name] = safeDecode(m[i + 1] ?? '');
    });
    return { kind: 'match', match: { area: def.area, operationId: def.operationId, params } };
  }
  return otherMethod ? { kind: 'method-not-allowed', area: otherMethod } : { kind: 'not-found' };
}
