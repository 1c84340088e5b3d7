import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (request: SeenRequest, response: ServerResponse, raw: IncomingMessage) => unknown;

/** A real HTTP server on 127.0.0.1, port 0, recording every request. */
export interface LoopbackServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<LoopbackServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const seen: SeenRequest = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      Promise.resolve(handler(seen, response, raw)).catch((error: unknown) => {
        response.statusCode = 599;
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Send a JSON response. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** An Atlas `ApiError` body. */
export function apiError(status: number, errorCode: string, detail: string, parameters: unknown[] = []): unknown {
  return { error: status, errorCode, detail, parameters, reason: 'Error' };
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** Parse `Authorization: Digest k=v, k="v"` independently of the client's own parser. */
function parseAuthorization(header: string | undefined): Map<string, string> | undefined {
  if (!header?.startsWith('Digest ')) return undefined;
  const params = new Map<string, string>();
  for (const m of header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g))
    params.set(m[1] ?? '', m[2] ?? m[3] ?? '');
  return params;
}

/** Outcome of a digest check, for assertions on nonce reuse and `nc`. */
export interface DigestSeen {
  nonce: string;
  nc: string;
  ok: boolean;
}

/**
 * Wrap `handler` in an HTTP Digest (MD5, qop=auth) check as Atlas documents it. `currentNonce()` is the
 * nonce the server accepts now; an Authorization with another nonce gets `stale=true`.
 */
export function withDigest(
  user: string,
  password: string,
  currentNonce: () => string,
  handler: Handler,
  seen: DigestSeen[] = [],
): Handler {
  const realm = 'MMS Public API';
  return (request, response, raw) => {
    const challenge = (stale: boolean): void => {
      response.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': `Digest realm="${realm}", domain="", nonce="${currentNonce()}", algorithm=MD5, qop="auth", stale=${stale}`,
      });
      response.end(JSON.stringify(apiError(401, 'UNAUTHORIZED', 'You are not authorized for this resource.')));
    };
    const auth = parseAuthorization(request.headers.authorization);
    if (!auth) return challenge(false);
    const nonce = auth.get('nonce') ?? '';
    const ha1 = md5(`${user}:${realm}:${password}`);
    const ha2 = md5(`${request.method}:${auth.get('uri')}`);
    const expected = md5(`${ha1}:${nonce}:${auth.get('nc')}:${auth.get('cnonce')}:${auth.get('qop')}:${ha2}`);
    const ok = auth.get('username') === user && auth.get('response') === expected && auth.get('uri') === request.url;
    seen.push({ nonce, nc: auth.get('nc') ?? '', ok });
    if (ok && nonce !== currentNonce()) return challenge(true);
    if (!ok) return challenge(false);
    return handler(request, response, raw);
  };
}
