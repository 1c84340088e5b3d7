import { findKeyVersion, findVault } from './key-check.js';
import type { SimCore } from './sim-core.js';
import type { SimResponse } from './sim-response.js';

function json(status: number, body: unknown): SimResponse {
  return { status, body, contentType: 'application/json' };
}

function bad(message: string): SimResponse {
  return json(400, { error: 'BAD_REQUEST', message });
}

const strings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * Control routes that set what the preflight reads, the way a person changes it in the Azure portal:
 *
 * - `PUT /__sim/azure/subscriptions/{subscriptionId}/providers/{namespace}` `{"registrationState": "NotRegistered"}`:
 *   a resource provider's registration in a subscription (every provider is `Registered` until set).
 * - `PUT /__sim/azure/apps/{clientId}/permissions` `{"actions": [...], "notActions": [...]}`: what the app may do on
 *   vaults (Microsoft.Authorization permissions); `DELETE` the same path goes back to what `canApprove` implies.
 * - `PUT /__sim/azure/apps/{clientId}/graph-permissions` `{"applicationReadAll": boolean}`: whether the app holds
 *   the Microsoft Graph permission Application.Read.All (without it, Graph refuses to read app registrations: 403).
 * - `PUT /__sim/azure/apps/{clientId}/password-credentials` `{"passwordCredentials": [{"endDateTime": ISO}]}`: the
 *   app's client secrets as Microsoft Graph lists them (when each expires).
 * - `PATCH /__sim/azure/vaults/{vault}/keys/{name}/versions/{version}` `{"keyOps"?: [...], "notBefore"?: ISO | null}`:
 *   the operations a key version permits and its activation date.
 *
 * Returns undefined when the route is not one of these.
 */
export function handlePreflightControl(core: SimCore, route: string, body: unknown): SimResponse | undefined {
  const provider = /^PUT \/azure\/subscriptions\/([^/]+)\/providers\/([^/]+)$/.exec(route);
  const permissions = /^(PUT|DELETE) \/azure\/apps\/([^/]+)\/permissions$/.exec(route);
  const secrets = /^PUT \/azure\/apps\/([^/]+)\/password-credentials$/.exec(route);
  const key = /^PATCH \/azure\/vaults\/([^/]+)\/keys\/([^/]+)\/versions\/([^/]+)$/.exec(route);
  const graph = /^PUT \/azure\/apps\/([^/]+)\/graph-permissions$/.exec(route);
  if (!provider && !permissions && !secrets && !key && !graph) return undefined;
  const change = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const world = core.world;

  if (provider) {
    const [, subscriptionId = '', namespace = ''] = provider;
    const state = change['registrationState'];
    if (typeof state !== 'string' || !['Registered', 'NotRegistered', 'Registering', 'Unregistered'].includes(state))
      return bad('body must be {"registrationState": "Registered" | "NotRegistered" | "Registering" | "Unregistered"}');
    const others = (world.azureProviders ?? []).filter(
      (p) =>
        p.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase() ||
        p.namespace.toLowerCase() !== namespace.toLowerCase(),
    );
    world.azureProviders = [...others, { subscriptionId, namespace, registrationState: state }];
    core.changed();
    return json(200, { subscriptionId, namespace, registrationState: state });
  }

  if (graph) {
    const app = world.azureApps.find((a) => a.clientId.toLowerCase() === (graph[1] ?? '').toLowerCase());
    if (!app) return json(404, { error: 'NOT_FOUND', message: `no Azure app ${graph[1] ?? ''}` });
    const allowed = change['applicationReadAll'];
    if (typeof allowed !== 'boolean') return bad('body must be {"applicationReadAll": boolean}');
    app.graphApplicationRead = allowed;
    core.changed();
    return json(200, { clientId: app.clientId, applicationReadAll: allowed });
  }

  if (secrets) {
    const app = world.azureApps.find((a) => a.clientId.toLowerCase() === (secrets[1] ?? '').toLowerCase());
    if (!app) return json(404, { error: 'NOT_FOUND', message: `no Azure app ${secrets[1] ?? ''}` });
    const list = change['passwordCredentials'];
    const valid =
      Array.isArray(list) &&
      list.every(
        (c: unknown) =>
          typeof c === 'object' &&
          c !== null &&
          typeof (c as Record<string, unknown>)['endDateTime'] === 'string' &&
          !Number.isNaN(Date.parse((c as Record<string, string>)['endDateTime'] ?? '')),
      );
    if (!valid)
      return bad('body must be {"passwordCredentials": [{"endDateTime": ISO date-time, "displayName"?: string}]}');
    app.passwordCredentials = (list as { endDateTime: string; displayName?: unknown }[]).map((c, i) => ({
      keyId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      ...(typeof c.displayName === 'string' ? { displayName: c.displayName } : {}),
      endMs: Date.parse(c.endDateTime),
    }));
    core.changed();
    return json(200, { clientId: app.clientId, passwordCredentials: app.passwordCredentials });
  }

  if (permissions) {
    const [, method, clientId = ''] = permissions;
    const app = world.azureApps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
    if (!app) return json(404, { error: 'NOT_FOUND', message: `no Azure app ${clientId}` });
    if (method === 'DELETE') {
      delete app.permissions;
    } else {
      const actions = change['actions'];
      const notActions = change['notActions'] ?? [];
      if (!strings(actions) || !strings(notActions))
        return bad('body must be {"actions": [string], "notActions"?: [string]}');
      app.permissions = { actions, notActions };
    }
    core.changed();
    return json(200, { clientId: app.clientId, permissions: app.permissions ?? null });
  }

  const [, vaultName = '', keyName = '', version = ''] = key ?? [];
  const vault = findVault(world, vaultName);
  const found = vault ? findKeyVersion(vault, keyName, version) : undefined;
  if (!found) return json(404, { error: 'NOT_FOUND', message: `no key ${keyName}/${version} in vault ${vaultName}` });
  const keyOps = change['keyOps'];
  const notBefore = change['notBefore'];
  if (keyOps !== undefined && !strings(keyOps)) return bad('keyOps must be a list of strings');
  if (
    notBefore !== undefined &&
    notBefore !== null &&
    (typeof notBefore !== 'string' || Number.isNaN(Date.parse(notBefore)))
  )
    return bad('notBefore must be an ISO date-time or null');
  if (keyOps !== undefined) found.keyOps = keyOps;
  if (notBefore === null) delete found.notBeforeMs;
  else if (typeof notBefore === 'string') found.notBeforeMs = Date.parse(notBefore);
  core.changed();
  core.settle();
  return json(200, { key: found });
}
