import { authenticateAtlas, authorizeAtlas } from './atlas-auth.js';
import { getGroup, getGroupCluster, listGroupClusters, updateGroupCluster } from './atlas-clusters.js';
import type { AtlasContext } from './atlas-context.js';
import { getGroupEncryptionAtRest, updateGroupEncryptionAtRest } from './atlas-ear.js';
import {
  createGroupEncryptionAtRestPrivateEndpoint,
  getGroupEncryptionAtRestPrivateEndpoint,
  listGroupEncryptionAtRestPrivateEndpoints,
  requestGroupEncryptionAtRestPrivateEndpointDeletion,
} from './atlas-endpoints.js';
import { endpointSetOf } from './rate-limit.js';
import type { SimCore } from './sim-core.js';
import { atlasError, type SimResponse } from './sim-response.js';
import { negotiateVersion, sunsetHeader } from './versioning.js';

const handlers: Record<string, (ctx: AtlasContext) => SimResponse> = {
  getGroup,
  listGroupClusters,
  getGroupCluster,
  updateGroupCluster,
  getGroupEncryptionAtRest,
  updateGroupEncryptionAtRest,
  listGroupEncryptionAtRestPrivateEndpoints,
  createGroupEncryptionAtRestPrivateEndpoint,
  getGroupEncryptionAtRestPrivateEndpoint,
  requestGroupEncryptionAtRestPrivateEndpointDeletion,
};

/** One Atlas Admin API request, already routed. */
export interface AtlasRequest {
  operationId: string;
  params: Record<string, string>;
  method: string;
  /** The raw request target (path + query) as sent, which Digest signs. */
  rawUri: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** The credentials' time (`SimClock.authNow`): nonces and tokens age on it, not on simulated time. */
  authNowMs: number;
  clientIp: string;
  failNewEndpoint: boolean;
}

/** Result of an Atlas request: the response and who made it (for the log). */
export interface AtlasOutcome {
  response: SimResponse;
  principal?: string;
}

function header(req: AtlasRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Authentication, rate limit, authorization, version negotiation, body parsing, then the operation. */
export function dispatchAtlas(core: SimCore, nowMs: number, req: AtlasRequest): AtlasOutcome {
  const world = core.world;
  const principal = authenticateAtlas(
    world,
    core.digest,
    header(req, 'authorization'),
    req.method,
    req.rawUri,
    req.authNowMs,
  );
  if ('status' in principal) return { response: principal };
  const groupId = req.params['groupId'] ?? '';
  if (!/^[a-f0-9]{24}$/.test(groupId))
    return {
      response: atlasError(400, 'INVALID_GROUP_ID', `An invalid group ID ${groupId} was specified.`, [groupId]),
      principal: principal.id,
    };
  const set = endpointSetOf(req.operationId);
  let rateHeaders: Record<string, string> = {};
  if (set) {
    const decision = core.rateLimiter.take(set, groupId, nowMs);
    if (decision.kind === 'limited') return { response: decision.response, principal: principal.id };
    rateHeaders = decision.headers;
  }
  const denied = authorizeAtlas(world, principal, groupId, req.operationId, req.clientIp);
  if (denied) return { response: denied, principal: principal.id };
  const version = negotiateVersion(req.operationId, header(req, 'accept'));
  if (!version)
    return {
      response: atlasError(406, 'INVALID_VERSION_DATE', 'Invalid accept header or version date.'),
      principal: principal.id,
    };
  const project = world.projects.find((p) => p.id === groupId);
  if (!project)
    return {
      response: atlasError(404, 'GROUP_NOT_FOUND', `No group with ID ${groupId} exists.`, [groupId]),
      principal: principal.id,
    };
  let body: unknown;
  if (req.rawBody.trim().length > 0) {
    try {
      body = JSON.parse(req.rawBody);
    } catch {
      return { response: atlasError(400, 'MALFORMED_JSON', 'Received JSON is malformed.'), principal: principal.id };
    }
  }
  if (core.validator && body !== undefined) {
    const problems = core.validator.checkRequest(req.operationId, header(req, 'content-type'), version, body);
    if (problems.length > 0) core.requestViolations.push(`${req.method} ${req.url.pathname}: ${problems.join('; ')}`);
  }
  const handler = handlers[req.operationId];
  if (!handler)
    return {
      response: atlasError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${req.url.pathname}.`, [req.url.pathname]),
      principal: principal.id,
    };
  const response = handler({
    world,
    nowMs,
    project,
    params: req.params,
    version,
    query: req.url.searchParams,
    body,
    selfUrl: req.url,
    failNewEndpoint: req.failNewEndpoint,
  });
  return {
    response: {
      ...response,
      headers: { ...rateHeaders, ...sunsetHeader(req.operationId, version), ...response.headers },
    },
    principal: principal.id,
  };
}
