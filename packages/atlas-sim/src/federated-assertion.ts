import type { AzureAppState } from './world-types.js';

/** The `client_assertion_type` of a federated (workload identity) token exchange. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The audience Entra ID requires of a federated token. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** Why a federated assertion is refused (Entra ID's AADSTS code and text). */
export interface AssertionProblem {
  code: number;
  description: string;
}

function claims(assertion: string): Record<string, unknown> | undefined {
  const payload = assertion.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Check a federated token (a JWT) against the app's federated credentials: audience, expiry, and an issuer and
 * subject pair the app trusts. The signature is not checked (the simulator has no issuer keys); `undefined`
 * means accepted.
 */
export function checkFederatedAssertion(
  app: AzureAppState,
  assertion: string,
  nowMs: number,
): AssertionProblem | undefined {
  const c = claims(assertion);
  if (!c) return { code: 50027, description: 'JWT token is invalid or malformed.' };
  const audiences = Array.isArray(c['aud']) ? c['aud'] : [c['aud']];
  if (!audiences.includes(TOKEN_EXCHANGE_AUDIENCE))
    return {
      code: 700212,
      description: `No matching federated identity record found for presented assertion audience '${String(c['aud'])}'.`,
    };
  if (typeof c['exp'] !== 'number' || c['exp'] * 1000 <= nowMs)
    return { code: 700024, description: 'Client assertion is not within its valid time range.' };
  const trusted = (app.federatedCredentials ?? []).some((f) => f.issuer === c['iss'] && f.subject === c['sub']);
  if (!trusted)
    return {
      code: 70021,
      description: `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(c['iss'])}'. Assertion Subject: '${String(c['sub'])}'.`,
    };
  return undefined;
}
