import type { IncomingMessage } from 'node:http';
import { dispatchAtlas } from './atlas-dispatch.js';
import { atlasOAuthRevoke, atlasOAuthToken } from './atlas-oauth.js';
import { handleArm } from './azure-arm.js';
import { handleSubscriptions } from './azure-subscriptions.js';
import { vaultOfHost, vaultResource } from './vault-host.js';
import { getKey, getKeyVersions, updateKey } from './azure-keyvault.js';
import { getApplication } from './azure-graph.js';
import { handlePreflightRead } from './azure-preflight.js';
import { entraError, entraInstanceDiscovery, entraOpenIdConfiguration, entraToken } from './azure-login.js';
import { managedIdentityToken } from './azure-managed-identity.js';
import type { FaultDecision } from './faults.js';
import { matchRoute, type RouteMatch } from './routes.js';
import type { SimCore } from './sim-core.js';
import { atlasError, azureError, type SimResponse } from './sim-response.js';

/** What serving one non-control request produced. */
export interface Served {
  response: SimResponse;
  operationId: string;
  principal?: string;
}

function faultResponse(
  area: RouteMatch['area'] | undefined,
  status: { code: number; retryAfter?: number },
): SimResponse {
  const headers = status.retryAfter !== undefined ? { 'Retry-After': String(status.retryAfter) } : undefined;
  if (area === 'login') {
    // Entra ID answers in OAuth 2.0's error shape, not ARM's CloudError.
    const response = entraError(
      status.code,
      'temporarily_unavailable',
      status.code === 429 ? 50196 : 90033,
      status.code === 429
        ? 'The server throttled this client; retry later.'
        : 'A transient error has occurred. Please try again.',
    );
    return headers ? { ...response, headers } : response;
  }
  if (area === 'arm' || area === 'arm-read' || area === 'graph' || area === 'keyvault') {
    return azureError(
      status.code,
      status.code === 429 ? 'TooManyRequests' : 'InternalServerError',
      status.code === 429 ? 'Too many requests; retry later.' : 'The server encountered an internal error.',
      headers,
    );
  }
  if (status.code === 429)
    return atlasError(
      429,
      'RATE_LIMITED',
      'Resource is limited to a number of requests per minute; retry after the Retry-After delay.',
      [],
      headers,
    );
  return atlasError(
    status.code,
    status.code === 503 ? 'SERVICE_UNAVAILABLE' : 'UNEXPECTED_ERROR',
    'Unexpected error.',
    [],
    headers,
  );
}

/**
 * Routes one Atlas/Azure request (after the fault decision) to its handler. `base` is the origin the request came
 * in on; `authorityHost` the HTTPS origin serving Entra ID in login.microsoftonline.com's layout, which Bearer
 * challenges name (clients read the tenant from the first path segment of that authority).
 */
export function serveRequest(
  core: SimCore,
  req: IncomingMessage,
  url: URL,
  raw: string,
  base: string,
  faults: FaultDecision | undefined,
  authorityHost: string = `${base}/azure/login`,
): Served {
  const method = req.method ?? 'GET';
  const routed = matchRoute(method, url.pathname);
  if (routed.kind !== 'match') {
    const isAzure = url.pathname.startsWith('/azure/');
    if (routed.kind === 'method-not-allowed') {
      return {
        operationId: 'unknown',
        response: isAzure
          ? azureError(405, 'MethodNotAllowed', `The method ${method} is not allowed.`)
          : atlasError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed for ${url.pathname}.`, [method]),
      };
    }
    return {
      operationId: 'unknown',
      response: isAzure
        ? azureError(404, 'NotFound', `No route for ${url.pathname}.`)
        : atlasError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${url.pathname}.`, [url.pathname]),
    };
  }
  const { match } = routed;
  const nowMs = core.settle();
  // Nonces and tokens age on real time (plus explicit advances), never on the scaled simulated clock.
  const authNowMs = core.clock.authNow();
  const authorization = req.headers.authorization;
  const form = new URLSearchParams(raw);
  // The authority a login request came to: the legacy `/azure/login` prefix or the origin itself.
  const loginBase = /^\/azure\/login(\/|$)/i.test(url.pathname) ? `${base}/azure/login` : base;
  if (faults?.status) return { operationId: match.operationId, response: faultResponse(match.area, faults.status) };
  switch (match.area) {
    case 'atlas': {
      const clientIp = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const outcome = dispatchAtlas(core, nowMs, {
        operationId: match.operationId,
        params: match.params,
        method,
        rawUri: req.url ?? '/',
        url,
        headers: req.headers,
        rawBody: raw,
        authNowMs,
        clientIp,
        failNewEndpoint: faults?.endpointFail ?? false,
      });
      return {
        operationId: match.operationId,
        response: outcome.response,
        ...(outcome.principal ? { principal: outcome.principal } : {}),
      };
    }
    case 'atlas-oauth': {
      if (match.operationId === 'atlasOAuthToken') {
        const id = /^Basic\s/i.test(authorization ?? '')
          ? (Buffer.from((authorization ?? '').slice(6), 'base64')
              .toString()
              .split(':')[0] ?? '')
          : '';
        const decision = core.rateLimiter.take('oauthToken', id, nowMs);
        if (decision.kind === 'limited') return { operationId: match.operationId, response: decision.response };
        return {
          operationId: match.operationId,
          response: atlasOAuthToken(core.world, authorization, form, authNowMs),
          principal: id,
        };
      }
      return { operationId: match.operationId, response: atlasOAuthRevoke(core.world, authorization, form) };
    }
    case 'arm':
      if (!match.operationId.startsWith('PrivateEndpointConnections_'))
        return {
          operationId: match.operationId,
          response: handleSubscriptions({
            world: core.world,
            nowMs,
            operationId: match.operationId,
            params: match.params,
            query: url.searchParams,
            authorization,
            loginBase: authorityHost,
          }),
        };
      return {
        operationId: match.operationId,
        response: handleArm({
          world: core.world,
          nowMs,
          authNowMs,
          operationId: match.operationId,
          params: match.params,
          query: url.searchParams,
          authorization,
          body: safeJson(raw),
          loginBase: authorityHost,
        }),
      };
    case 'arm-read':
      return {
        operationId: match.operationId,
        response: handlePreflightRead({
          world: core.world,
          authNowMs,
          operationId: match.operationId,
          params: match.params,
          query: url.searchParams,
          authorization,
          loginBase: authorityHost,
        }),
      };
    case 'graph':
      return {
        operationId: match.operationId,
        response: getApplication(core.world, match.params['appId'] ?? '', authorization, authNowMs, authorityHost),
      };
    case 'login':
      switch (match.operationId) {
        case 'entraToken':
          return {
            operationId: match.operationId,
            response: entraToken(core.world, match.params['tenantId'] ?? '', authorization, form, authNowMs, loginBase),
          };
        case 'managedIdentityToken': {
          const header = req.headers['x-identity-header'];
          return {
            operationId: match.operationId,
            response: managedIdentityToken(
              core.world,
              url.searchParams,
              Array.isArray(header) ? header[0] : header,
              authNowMs,
              loginBase,
            ),
          };
        }
        case 'entraOpenIdConfiguration':
          return {
            operationId: match.operationId,
            response: entraOpenIdConfiguration(loginBase, match.params['tenantId'] ?? ''),
          };
        default:
          return { operationId: match.operationId, response: entraInstanceDiscovery(loginBase) };
      }
    case 'keyvault': {
      const keyRequest = {
        world: core.world,
        params: match.params,
        query: url.searchParams,
        authorization,
        nowMs: authNowMs,
        loginBase: authorityHost,
        // The audience a vault reached by host name announces: its host must lie under it.
        resource:
          vaultOfHost(req.headers.host) && authorityHost.startsWith('https:')
            ? vaultResource(Number(new URL(authorityHost).port))
            : 'https://vault.azure.net',
      };
      if (match.operationId === 'GetKeyVersions') {
        // The next page's link is the URL the client asked for (its host and path), with the page moved on.
        const requestUrl = new URL(req.url ?? '/', `${url.protocol}//${req.headers.host ?? url.host}`).href;
        return { operationId: match.operationId, response: getKeyVersions({ ...keyRequest, requestUrl }) };
      }
      if (match.operationId !== 'UpdateKey') return { operationId: match.operationId, response: getKey(keyRequest) };
      const response = updateKey({ ...keyRequest, body: safeJson(raw) });
      if (response.status === 200) core.changed();
      return { operationId: match.operationId, response };
    }
    default: {
      const never: never = match.area;
      throw new Error(`unknown area ${String(never)}`);
    }
  }
}

function safeJson(raw: string): unknown {
  try {
    return raw.trim() === '' ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}
