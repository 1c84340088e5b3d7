import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The realm Atlas uses in its Digest challenge. */
export const digestRealm = 'MMS Public API';

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** HA1 of RFC 2617: what a server keeps instead of the password. */
export function digestHa1(username: string, password: string): string {
  return md5(`${username}:${digestRealm}:${password}`);
}

/** Parses `Digest a="b", c=d` into a map (quoted or token values). */
export function parseDigestHeader(header: string): Record<string, string> | undefined {
  if (!/^Digest\s/i.test(header)) return undefined;
  const fields: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    const key = m[1];
    if (key !== undefined) fields[key.toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return fields;
}

/** Outcome of checking a Digest Authorization header. */
export type DigestResult = { kind: 'ok'; username: string } | { kind: 'stale' } | { kind: 'invalid'; reason: string };

/** Issues and verifies stateless nonces (HMAC of the issue time) for RFC 2617 Digest with MD5 and qop=auth. */
export class DigestAuthenticator {
  constructor(private readonly secret: string) {}

  /** A nonce carrying its simulated issue time. */
  nonce(nowMs: number): string {
    const stamp = String(nowMs);
    const mac = createHmac('sha256', this.secret).update(stamp).digest('base64url').slice(0, 22);
    return Buffer.from(`${stamp}:${mac}`).toString('base64url');
  }

  /** The WWW-Authenticate challenge value; `stale=true` tells clients to retry with a new nonce. */
  challenge(nowMs: number, stale: boolean): string {
    return `Digest realm="${digestRealm}", domain="", nonce="${this.nonce(nowMs)}", algorithm=MD5, qop="auth", stale=${stale ? 'true' : 'false'}`;
  }

  /** Checks `fields` against the request; `lookup` returns HA1 = MD5(user:realm:password) for a user. */
  verify(
    fields: Record<string, string>,
    method: string,
    requestUri: string,
    nowMs: number,
    ttlSeconds: number,
    lookup: (user: string) => string | undefined,
  ): DigestResult {
    const { username, nonce, uri, response, qop, nc, cnonce, realm } = fields;
    if (!username || !nonce || !uri || !response) return { kind: 'invalid', reason: 'incomplete Digest header' };
    if (realm !== digestRealm) return { kind: 'invalid', reason: 'wrong realm' };
    if (fields['algorithm'] && fields['algorithm'].toUpperCase() !== 'MD5')
      return { kind: 'invalid', reason: 'unsupported algorithm' };
    if (uri !== requestUri) return { kind: 'invalid', reason: 'uri mismatch' };
    const decoded = Buffer.from(nonce, 'base64url').toString();
    const [stamp, mac] = decoded.split(':');
    if (!stamp || !mac) return { kind: 'invalid', reason: 'unknown nonce' };
    const expected = createHmac('sha256', this.secret).update(stamp).digest('base64url').slice(0, 22);
    if (expected.length !== mac.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(mac)))
      return { kind: 'invalid', reason: 'unknown nonce' };
    const ha1 = lookup(username);
    if (ha1 === undefined) return { kind: 'invalid', reason: 'unknown key' };
    const ha2 = md5(`${method}:${uri}`);
    const want =
      qop === 'auth' ? md5(`${ha1}:${nonce}:${nc ?? ''}:${cnonce ?? ''}:auth:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
    if (want !== response.toLowerCase()) return { kind: 'invalid', reason: 'wrong response' };
    // The credentials are right; only the nonce has aged out, so the client may simply retry.
    if (nowMs - Number(stamp) > ttlSeconds * 1000) return { kind: 'stale' };
    return { kind: 'ok', username };
  }
}
