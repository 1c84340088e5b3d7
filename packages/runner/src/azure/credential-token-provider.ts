import type { TokenCredential } from '@azure/identity';
import { AuthError, type RequestInfo } from '../http/errors.js';
import { scrubSecrets } from '../http/redact.js';
import { createScopedTokenProvider, refreshTime, type EntraTokenProvider, type ScopedToken } from './token-cache.js';

/** How {@link createCredentialTokenProvider} reports a failed sign-in. */
export interface CredentialErrorContext {
  /** The token request a failure belongs to (the authority's token endpoint). */
  request: RequestInfo;
  /** Names the sign-in in messages: the token endpoint, or e.g. `managed identity, then Azure CLI`. */
  label: string;
  /** Scrubbed from every error message (e.g. the client secret). */
  secrets: readonly string[];
  /** What to check, appended to the message. */
  hint: string;
}

/**
 * The first line of an `@azure/identity` error, without its troubleshooting link; for a chain of credentials, the
 * reason of each.
 */
function summary(error: unknown): string {
  const nested = (error as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(nested) && nested.length > 0) return nested.map(summary).join('; ');
  const text = error instanceof Error ? error.message : String(error);
  const first = (text.split('\n').find((line) => line.trim() !== '') ?? '').trim();
  return first.replace(/\s*To troubleshoot, visit \S+\.?$/, '').replace(/\.$/, '');
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A token provider over `@azure/identity` credentials. `makeCredential` is called on the first token, and again after a service
 * answered 401 to a token, so the next token does not come from the old credential's own cache. A failed sign-in
 * is an `AuthError` naming the authority, the reason and what to check; secrets are scrubbed from it.
 */
export function createCredentialTokenProvider(
  makeCredential: () => Promise<TokenCredential>,
  context: CredentialErrorContext,
  now: () => number,
): EntraTokenProvider {
  const current: { credential: Promise<TokenCredential> | undefined; stale: boolean } = {
    credential: undefined,
    stale: false,
  };

  const fetchToken = async (scope: string): Promise<ScopedToken> => {
    if (current.stale || current.credential === undefined) {
      current.credential = makeCredential();
      current.stale = false;
    }
    const pending = current.credential;
    const fail = (reason: string, error?: unknown): AuthError =>
      new AuthError(
        scrubSecrets(`Azure sign-in failed (${context.label}): ${reason}. ${context.hint}`, context.secrets),
        context.request,
        statusOf(error),
        error === undefined ? undefined : { cause: error },
      );
    let token;
    try {
      token = await (await pending).getToken(scope);
    } catch (error) {
      throw fail(summary(error), error);
    }
    if (!token || token.token === '') throw fail('the credential returned no token');
    return {
      value: token.token,
      expiresAt: refreshTime(now(), token.expiresOnTimestamp, token.refreshAfterTimestamp),
    };
  };

  return createScopedTokenProvider(fetchToken, context.request, now, () => {
    current.stale = true;
  });
}
