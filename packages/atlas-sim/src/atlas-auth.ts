import type { SimRole } from './fixture-types.js';
import { hashToken } from './ids.js';
import { parseDigestHeader, type DigestAuthenticator } from './digest-auth.js';
import { atlasError, type SimResponse } from './sim-response.js';
import type { CredentialAccess, World } from './world-types.js';

/** Who is calling Atlas: an API key (Digest) or a service account (Bearer token). */
export interface AtlasPrincipal {
  kind: 'apiKey' | 'serviceAccount';
  id: string;
  access: CredentialAccess;
}

/** Minimum role needed per operation (contract `x-rolesRequirements`). */
export type RoleNeed = 'read' | 'clusterManager' | 'owner';

/** The role each Atlas operation requires, from the contract's `x-rolesRequirements`. */
export const operationRoleNeed: Record<string, RoleNeed> = {
  getGroup: 'read',
  listGroupClusters: 'read',
  getGroupCluster: 'read',
  updateGroupCluster: 'clusterManager',
  getGroupEncryptionAtRest: 'read',
  updateGroupEncryptionAtRest: 'owner',
  listGroupEncryptionAtRestPrivateEndpoints: 'owner',
  createGroupEncryptionAtRestPrivateEndpoint: 'owner',
  getGroupEncryptionAtRestPrivateEndpoint: 'owner',
  requestGroupEncryptionAtRestPrivateEndpointDeletion: 'owner',
};

const grants: Record<SimRole, RoleNeed[]> = {
  ORG_OWNER: ['read', 'clusterManager', 'owner'],
  ORG_READ_ONLY: ['read'],
  PROJECT_OWNER: ['read', 'clusterManager', 'owner'],
  PROJECT_CLUSTER_MANAGER: ['read', 'clusterManager'],
  PROJECT_READ_ONLY: ['read'],
};

function unauthorized(digest: DigestAuthenticator, nowMs: number, stale: boolean, detail: string): SimResponse {
  return atlasError(401, 'UNAUTHORIZED', detail, [], { 'WWW-Authenticate': digest.challenge(nowMs, stale) });
}

/** Authenticates an Atlas request (Digest or Bearer); returns the principal or the 401 to send. */
export function authenticateAtlas(
  world: World,
  digest: DigestAuthenticator,
  authorization: string | undefined,
  method: string,
  uri: string,
  nowMs: number,
): AtlasPrincipal | SimResponse {
  if (authorization && /^Bearer\s/i.test(authorization)) {
    const hash = hashToken(authorization.slice(7).trim());
    const token = world.tokens.find((t) => t.tokenHash === hash && t.kind === 'atlas');
    if (!token || token.revoked || token.expiresMs <= nowMs) {
      return atlasError(401, 'UNAUTHORIZED', 'Invalid, expired or revoked access token.', [], {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    }
    const sa = world.serviceAccounts.find((s) => s.clientId === token.subject);
    if (!sa) return atlasError(401, 'UNAUTHORIZED', 'The service account no longer exists.');
    return { kind: 'serviceAccount', id: sa.clientId, access: sa };
  }
  const fields = authorization ? parseDigestHeader(authorization) : undefined;
  if (!fields) return unauthorized(digest, nowMs, false, 'You are not authorized for this resource.');
  const result = digest.verify(
    fields,
    method,
    uri,
    nowMs,
    world.timing.nonceTtlSeconds,
    (user) => world.apiKeys.find((k) => k.publicKey === user)?.ha1,
  );
  switch (result.kind) {
    case 'ok': {
      const key = world.apiKeys.find((k) => k.publicKey === result.username);
      if (!key) return unauthorized(digest, nowMs, false, 'You are not authorized for this resource.');
      return { kind: 'apiKey', id: key.publicKey, access: key };
    }
    case 'stale':
      return unauthorized(digest, nowMs, true, 'The nonce has expired.');
    case 'invalid':
      return unauthorized(digest, nowMs, false, 'You are not authorized for this resource.');
    default: {
      const never: never = result;
      return never;
    }
  }
}

/** Checks project reach, role and IP access list; returns the error to send or undefined when allowed. */
export function authorizeAtlas(
  world: World,
  principal: AtlasPrincipal,
  groupId: string,
  operationId: string,
  clientIp: string,
): SimResponse | undefined {
  const { access } = principal;
  if (access.ipAccessList && !access.ipAccessList.includes(clientIp) && !access.ipAccessList.includes('0.0.0.0/0')) {
    return atlasError(
      403,
      'IP_ADDRESS_NOT_ON_ACCESS_LIST',
      `IP address ${clientIp} is not allowed to access this resource.`,
      [clientIp],
    );
  }
  const project = world.projects.find((p) => p.id === groupId);
  const reaches = project !== undefined && (access.projects.includes(groupId) || access.orgs.includes(project.orgId));
  if (!reaches) {
    if (!project && access.orgs.length > 0)
      return atlasError(404, 'GROUP_NOT_FOUND', `No group with ID ${groupId} exists.`, [groupId]);
    return atlasError(401, 'NOT_IN_GROUP', `The current user is not in the group, or the group does not exist.`, [
      groupId,
    ]);
  }
  const need = operationRoleNeed[operationId] ?? 'owner';
  if (!grants[access.role].includes(need)) {
    return atlasError(403, 'USER_UNAUTHORIZED', 'Current user is not authorized to perform this action.', []);
  }
  return undefined;
}
