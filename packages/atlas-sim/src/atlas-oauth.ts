import { parseBasicAuth } from './basic-auth.js';
import { hashToken, randomHex } from './ids.js';
import type { SimResponse } from './sim-response.js';
import type { World } from './world-types.js';

function oauthError(status: number, error: string, description: string): SimResponse {
  return { status, body: { error, error_description: description }, contentType: 'application/json' };
}

/** `POST /api/oauth/token`: client credentials with HTTP Basic auth, as Atlas service accounts use it. */
export function atlasOAuthToken(
  world: World,
  authorization: string | undefined,
  form: URLSearchParams,
  nowMs: number,
): SimResponse {
  const basic = parseBasicAuth(authorization);
  if (!basic) return oauthError(401, 'invalid_client', 'Invalid credentials provided.');
  if (form.get('grant_type') !== 'client_credentials')
    return oauthError(400, 'unsupported_grant_type', 'Only the client_credentials grant type is supported.');
  const sa = world.serviceAccounts.find((s) => s.clientId === basic.id);
  if (!sa || sa.clientSecretHash !== hashToken(basic.secret))
    return oauthError(401, 'invalid_client', 'Invalid credentials provided.');
  const token = `mdb_sim_at_${randomHex(40)}`;
  const ttl = world.timing.atlasTokenTtlSeconds;
  world.tokens = world.tokens.filter((t) => t.expiresMs > nowMs);
  world.tokens.push({
    tokenHash: hashToken(token),
    kind: 'atlas',
    subject: sa.clientId,
    expiresMs: nowMs + ttl * 1000,
    revoked: false,
  });
  return {
    status: 200,
    body: { access_token: token, expires_in: ttl, token_type: 'Bearer' },
    contentType: 'application/json',
  };
}

/** `POST /api/oauth/revoke`: Basic auth, form `token=…`; revoking an unknown token is not an error (RFC 7009). */
export function atlasOAuthRevoke(world: World, authorization: string | undefined, form: URLSearchParams): SimResponse {
  const basic = parseBasicAuth(authorization);
  const sa = basic
    ? world.serviceAccounts.find((s) => s.clientId === basic.id && s.clientSecretHash === hashToken(basic.secret))
    : undefined;
  if (!sa) return oauthError(401, 'invalid_client', 'Invalid credentials provided.');
  const token = form.get('token');
  if (!token) return oauthError(400, 'invalid_request', 'The token parameter is required.');
  const hash = hashToken(token);
  for (const t of world.tokens) if (t.tokenHash === hash && t.subject === sa.clientId) t.revoked = true;
  return { status: 200, body: {}, contentType: 'application/json' };
}
