import { headerValues, type AuthAttempt, type AuthStrategy, type HttpResponse } from '../http/types.js';
import { digestAuthorization, parseDigestChallenge, randomCnonce, type DigestChallenge } from './digest.js';

/**
 * HTTP Digest for Atlas programmatic API keys. The server's nonce is reused across requests with an
 * increasing `nc` until the server declares it stale; a challenge (first contact or `stale=true`) is
 * answered once by the transport. Until the first challenge is known, only one request probes for it and
 * the others wait, so a burst of N requests costs one extra 401, not N.
 *
 * State lives in the returned object (one per client), never in the module.
 */
export function createDigestAuth(
  publicKey: string,
  privateKey: string,
  cnonce: () => string = randomCnonce,
): AuthStrategy {
  let challenge: DigestChallenge | undefined;
  let nonceCount = 0;
  let probe: Promise<void> | undefined;

  const absorb = (response: HttpResponse | undefined): boolean => {
    if (response?.status !== 401) return false;
    for (const value of headerValues(response, 'www-authenticate')) {
      const parsed = parseDigestChallenge(value);
      if (parsed && parsed.algorithm.toUpperCase() === 'MD5' && parsed.qop === 'auth') {
        const hadNonce = challenge !== undefined;
        if (challenge?.nonce !== parsed.nonce) nonceCount = 0;
        challenge = parsed;
        // Answer a first challenge or a stale nonce. Any other challenge to a request we signed means the
        // keys were rejected: answering again would not help.
        return !hadNonce || parsed.stale;
      }
    }
    return false;
  };

  return {
    async prepare(request): Promise<AuthAttempt> {
      while (!challenge && probe) await probe;
      if (!challenge) {
        let done: () => void = () => undefined;
        probe = new Promise<void>((resolve) => (done = resolve));
        return {
          headers: {},
          async settle(response) {
            const again = absorb(response);
            probe = undefined;
            done();
            return again;
          },
        };
      }
      nonceCount += 1;
      const header = digestAuthorization(
        {
          username: publicKey,
          password: privateKey,
          realm: challenge.realm,
          nonce: challenge.nonce,
          method: request.method,
          uri: `${request.url.pathname}${request.url.search}`,
          nc: nonceCount.toString(16).padStart(8, '0'),
          cnonce: cnonce(),
          qop: 'auth',
        },
        challenge.opaque,
      );
      return { headers: { authorization: header }, settle: async (response) => absorb(response) };
    },
  };
}
