import { authenticateAzure } from './azure-auth.js';
import { ok, type SimResponse } from './sim-response.js';
import type { AzureAppState, World } from './world-types.js';

const TWO_YEARS_MS = 730 * 24 * 3600 * 1000;

/** Microsoft Graph's error shape (`{"error": {"code", "message"}}`). */
function graphError(status: number, code: string, message: string): SimResponse {
  return { status, body: { error: { code, message } }, contentType: 'application/json' };
}

/** An app's client secrets as `passwordCredential` resources: never the secret itself (`secretText` is null). */
export function passwordCredentials(app: AzureAppState, nowMs: number): Record<string, unknown>[] {
  const credentials = app.passwordCredentials ?? [
    { keyId: '00000000-0000-4000-8000-000000000001', displayName: 'atlas-cmk', endMs: nowMs + TWO_YEARS_MS },
  ];
  return credentials.map((c) => ({
    customKeyIdentifier: null,
    displayName: c.displayName ?? null,
    endDateTime: new Date(c.endMs).toISOString(),
    hint: 'sim',
    keyId: c.keyId,
    secretText: null,
    startDateTime: new Date(c.startMs ?? c.endMs - TWO_YEARS_MS).toISOString(),
  }));
}

/**
 * `GET /v1.0/applications(appId='{appId}')` (Microsoft Graph, `application` by its client id) with a Bearer token
 * for the Graph audience: the app registration of the caller's tenant with its `passwordCredentials`.
 */
export function getApplication(
  world: World,
  appId: string,
  authorization: string | undefined,
  nowMs: number,
  loginBase: string,
): SimResponse {
  const caller = authenticateAzure(world, authorization, 'graph', nowMs, {
    'WWW-Authenticate': `Bearer authorization_uri="${loginBase}/common"`,
  });
  if ('status' in caller) return caller;
  if (caller.graphApplicationRead === false)
    return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  const app = world.azureApps.find(
    (a) => a.clientId.toLowerCase() === appId.toLowerCase() && a.tenantId === caller.tenantId,
  );
  if (!app)
    return graphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${appId}' does not exist or one of its queried reference-property objects are not present.`,
    );
  return ok(
    {
      id: `${app.clientId.slice(0, 8)}-0000-4000-8000-${app.clientId.slice(-12)}`,
      appId: app.clientId,
      displayName: `app ${app.clientId}`,
      passwordCredentials: passwordCredentials(app, nowMs),
    },
    'application/json; charset=utf-8',
  );
}
