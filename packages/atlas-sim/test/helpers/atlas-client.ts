import { createHash, randomBytes } from 'node:crypto';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** A response as the tests look at it. */
export interface TestResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  body: any;
}

async function toTestResponse(res: Response): Promise<TestResponse> {
  const text = await res.text();
  let body: unknown = undefined;
  if (text.length > 0) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body };
}

/** Parses a `WWW-Authenticate: Digest …` challenge. */
export function parseChallenge(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^Digest\s+/i, '').matchAll(/([a-zA-Z]+)=(?:"([^"]*)"|([^\s,]+))/g))
    out[m[1]!] = m[2] ?? m[3] ?? '';
  return out;
}

/** A minimal RFC 2617 Digest client (MD5, qop=auth) written independently of the simulator's code. */
export class DigestClient {
  private challenge: Record<string, string> | undefined;
  private nc = 0;
  /** The Authorization header of the last request sent (to replay it in tests). */
  lastAuthorization: string | undefined;

  constructor(
    readonly base: string,
    private readonly user: string,
    private readonly password: string,
  ) {}

  private authorization(method: string, uri: string): string | undefined {
    const c = this.challenge;
    if (!c) return undefined;
    this.nc += 1;
    const nc = this.nc.toString(16).padStart(8, '0');
    const cnonce = randomBytes(8).toString('hex');
    const ha1 = md5(`${this.user}:${c['realm']}:${this.password}`);
    const ha2 = md5(`${method}:${uri}`);
    const response = md5(`${ha1}:${c['nonce']}:${nc}:${cnonce}:auth:${ha2}`);
    return `Digest username="${this.user}", realm="${c['realm']}", nonce="${c['nonce']}", uri="${uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}", algorithm=MD5`;
  }

  /** Sends a request, answering Digest challenges (including stale nonces) as a real client does. */
  async request(
    method: string,
    path: string,
    options: { accept?: string; body?: unknown; contentType?: string } = {},
  ): Promise<TestResponse> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const auth = this.authorization(method, path);
      const headers: Record<string, string> = {};
      if (auth) headers['Authorization'] = auth;
      this.lastAuthorization = auth;
      if (options.accept !== undefined) headers['Accept'] = options.accept;
      if (options.body !== undefined)
        headers['Content-Type'] = options.contentType ?? options.accept ?? 'application/json';
      const res = await fetch(this.base + path, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const challenge = res.headers.get('www-authenticate');
      if (res.status === 401 && challenge && /^Digest/i.test(challenge)) {
        const parsed = parseChallenge(challenge);
        const retry = !auth || parsed['stale'] === 'true';
        this.challenge = parsed;
        this.nc = 0;
        if (retry) {
          await res.arrayBuffer();
          continue;
        }
      }
      return toTestResponse(res);
    }
    throw new Error('digest authentication did not settle');
  }
}

/** A plain request (no Atlas auth), e.g. for Azure or the control API. */
export async function send(url: string, init: RequestInit = {}): Promise<TestResponse> {
  return toTestResponse(await fetch(url, init));
}

/** Sends JSON to the control API. */
export async function control(base: string, method: string, path: string, body?: unknown): Promise<TestResponse> {
  return send(`${base}/__sim${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
  });
}

/** Atlas media type for a version. */
export const v = (version: string): string => `application/vnd.atlas.${version}+json`;
