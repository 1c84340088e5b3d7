import { armSubscriptionApiVersions } from './azure-api-versions.js';
import { checkArmApiVersion } from './arm-api-version.js';
import { authenticateAzure } from './azure-auth.js';
import { azureError, ok, type SimResponse } from './sim-response.js';
import type { World } from './world-types.js';

/** A request to the Microsoft.Resources subscription operations (what `az login` lists after signing in). */
export interface SubscriptionRequest {
  world: World;
  nowMs: number;
  operationId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  authorization: string | undefined;
  loginBase: string;
}

/**
 * The world's subscriptions are those its vaults live in, each in its vault's tenant; a caller sees the ones of its
 * own tenant (as a service principal sees the subscriptions it has a role in).
 */
function subscriptionsOf(world: World, tenantId: string): Array<{ id: string; tenantId: string }> {
  const seen = new Map<string, string>();
  for (const v of world.vaults)
    if (v.tenantId.toLowerCase() === tenantId.toLowerCase()) seen.set(v.subscriptionId.toLowerCase(), v.tenantId);
  return [...seen].map(([id, tenant]) => ({ id, tenantId: tenant }));
}

function render(sub: { id: string; tenantId: string }): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub.id}`,
    subscriptionId: sub.id,
    tenantId: sub.tenantId,
    displayName: `Simulated subscription ${sub.id.slice(0, 8)}`,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
    authorizationSource: 'RoleBased',
  };
}

/** `GET /subscriptions`, `GET /subscriptions/{subscriptionId}`, `GET /tenants` with an ARM-audience Bearer token. */
export function handleSubscriptions(req: SubscriptionRequest): SimResponse {
  const badVersion = checkArmApiVersion(req.query, armSubscriptionApiVersions);
  if (badVersion) return badVersion;
  const app = authenticateAzure(req.world, req.authorization, 'arm', req.nowMs, {
    'WWW-Authenticate': `Bearer authorization_uri="${req.loginBase}/common", error="invalid_token"`,
  });
  if ('status' in app) return app;
  const mine = subscriptionsOf(req.world, app.tenantId);
  const json = 'application/json; charset=utf-8';
  switch (req.operationId) {
    case 'Subscriptions_List':
      return ok({ value: mine.map(render), count: { type: 'Total', value: mine.length } }, json);
    case 'Subscriptions_Get': {
      const wanted = (req.params['subscriptionId'] ?? '').toLowerCase();
      const sub = mine.find((s) => s.id === wanted);
      return sub
        ? ok(render(sub), json)
        : azureError(
            404,
            'SubscriptionNotFound',
            `The subscription '${req.params['subscriptionId'] ?? ''}' could not be found.`,
          );
    }
    case 'Tenants_List':
      return ok({ value: [{ id: `/tenants/${app.tenantId}`, tenantId: app.tenantId, tenantCategory: 'Home' }] }, json);
    default:
      return azureError(404, 'InvalidResourceType', `The operation ${req.operationId} is not supported.`);
  }
}
