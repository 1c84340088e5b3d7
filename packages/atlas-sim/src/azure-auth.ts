import { hashToken } from './ids.js';
import { azureError, type SimResponse } from './sim-response.js';
import type { AzureAppState, World } from './world-types.js';

/** Checks a Bearer token for `kind`; returns the calling Azure app or the error to send. */
export function authenticateAzure(
  world: World,
  authorization: string | undefined,
  kind: 'arm' | 'keyvault' | 'graph',
  nowMs: number,
  challenge: Record<string, string>,
): AzureAppState | SimResponse {
  if (!authorization || !/^Bearer\s/i.test(authorization)) {
    return azureError(
      401,
      kind !== 'keyvault' ? 'AuthenticationFailed' : 'Unauthorized',
      kind !== 'keyvault'
        ? "Authentication failed. The 'Authorization' header is missing."
        : 'AKV10000: Request is missing a Bearer or PoP token.',
      challenge,
    );
  }
  const token = world.tokens.find((t) => t.tokenHash === hashToken(authorization.slice(7).trim()));
  if (!token || token.kind !== kind || token.expiresMs <= nowMs) {
    const code =
      kind !== 'keyvault'
        ? token && token.kind === kind
          ? 'ExpiredAuthenticationToken'
          : 'InvalidAuthenticationToken'
        : 'Unauthorized';
    const message =
      token && token.kind !== kind
        ? 'The access token has an invalid audience for this resource.'
        : token
          ? 'The access token has expired.'
          : 'The access token is invalid.';
    return azureError(401, code, message, challenge);
  }
  const app = world.azureApps.find((a) => a.clientId === token.subject && a.tenantId === token.tenantId);
  return (
    app ?? azureError(401, 'InvalidAuthenticationToken', 'The application of this token no longer exists.', challenge)
  );
}
