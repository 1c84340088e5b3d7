import { createHash, randomBytes } from 'node:crypto';

/** The fields of a `WWW-Authenticate: Digest …` challenge that RFC 2617 `qop=auth` needs. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop: string | undefined;
  algorithm: string;
  opaque: string | undefined;
  stale: boolean;
}

/** Everything the `response` hash depends on. */
export interface DigestInput {
  username: string;
  password: string;
  realm: string;
  nonce: string;
  method: string;
  /** Request target: path and query, exactly as sent. */
  uri: string;
  /** Nonce count, 8 hex digits (`00000001`). */
  nc: string;
  cnonce: string;
  qop: 'auth';
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** RFC 2617 `request-digest` for `qop=auth`, algorithm MD5. */
export function digestResponse(input: DigestInput): string {
  const ha1 = md5(`${input.username}:${input.realm}:${input.password}`);
  const ha2 = md5(`${input.method}:${input.uri}`);
  return md5(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/** Parse one `WWW-Authenticate` value; `undefined` when it is not a usable Digest challenge. */
export function parseDigestChallenge(header: string): DigestChallenge | undefined {
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!match?.[1]) return undefined;
  const params = new Map<string, string>();
  const pattern = /([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/gi;
  for (const part of match[1].matchAll(pattern)) {
    const key = part[1]?.toLowerCase();
    if (key) params.set(key, (part[2] ?? part[3] ?? '').replace(/\\(.)/g, '$1'));
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined || !nonce) return undefined;
  // Atlas's documented header says `op="auth"`; treat it as `qop`.
  const qopList = (params.get('qop') ?? params.get('op'))?.split(',').map((q) => q.trim().toLowerCase());
  return {
    realm,
    nonce,
    qop: qopList?.includes('auth') ? 'auth' : qopList?.[0],
    algorithm: params.get('algorithm') ?? 'MD5',
    opaque: params.get('opaque'),
    stale: params.get('stale')?.toLowerCase() === 'true',
  };
}

/** The value of an `Authorization: Digest …` header. */
export function digestAuthorization(input: DigestInput, opaque: string | undefined): string {
  const quoted = (value: string): string => `"${value.replace(/["\\]/g, '\\$&')}"`;
  const parts = [
    `username=${quoted(input.username)}`,
    `realm=${quoted(input.realm)}`,
    `nonce=${quoted(input.nonce)}`,
    `uri=${quoted(input.uri)}`,
    `algorithm=MD5`,
    `qop=${input.qop}`,
    `nc=${input.nc}`,
    `cnonce=${quoted(input.cnonce)}`,
    `response=${quoted(digestResponse(input))}`,
  ];
  if (opaque !== undefined) parts.push(`opaque=${quoted(opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

/** A fresh client nonce. */
export function randomCnonce(): string {
  return randomBytes(8).toString('hex');
}
