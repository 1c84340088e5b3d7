import { audienceOf, issueAzureToken } from './azure-login.js';
import type { SimResponse } from './sim-response.js';
import type { World } from './world-types.js';

function msiError(status: number, error: string, description: string): SimResponse {
  return {
    status,
    body: { error, error_description: description },
    contentType: 'application/json; charset=utf-8',
  };
}

/**
 * `GET /azure/msi/token?resource=…&api-version=2019-08-01[&client_id=…]` with `X-IDENTITY-HEADER`: the managed
 * identity endpoint of App Service and Azure Functions (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`). It signs in as
 * the app marked `managedIdentity: true` (the one named by `client_id` for a user-assigned identity).
 */
export function managedIdentityToken(
  world: World,
  query: URLSearchParams,
  identityHeader: string | undefined,
  nowMs: number,
  issuerBase: string,
): SimResponse {
  if (!identityHeader) return msiError(401, 'invalid_request', 'The X-IDENTITY-HEADER header is missing.');
  const resource = (query.get('resource') ?? '').replace(/\/+$/, '');
  const scope = `${resource}/.default`;
  const audience = audienceOf(scope);
  if (!audience) return msiError(400, 'invalid_resource', `The resource '${resource}' is not supported.`);
  const clientId = query.get('client_id');
  const app = world.azureApps.find((a) => a.managedIdentity === true && (clientId === null || a.clientId === clientId));
  if (!app)
    return msiError(
      400,
      'invalid_request',
      clientId === null
        ? 'No managed identity is assigned to this resource.'
        : `No managed identity with client ID '${clientId}' is assigned to this resource.`,
    );
  const issued = issueAzureToken(world, app, scope, audience, nowMs, issuerBase);
  const expiresOn = Math.floor(nowMs / 1000) + issued.ttl;
  return {
    status: 200,
    body: {
      access_token: issued.token,
      expires_on: String(expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: app.clientId,
    },
    contentType: 'application/json; charset=utf-8',
  };
}
