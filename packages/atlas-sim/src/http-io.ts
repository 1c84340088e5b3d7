import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimResponse } from './sim-response.js';

/** Reads a request body up to `limit` bytes; resolves undefined when it is larger. */
export function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes a SimResponse; `pretty` indents JSON bodies (Atlas's `pretty=true`). */
export function writeResponse(res: ServerResponse, response: SimResponse, pretty: boolean): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== undefined && response.status !== 204) {
    payload = pretty ? JSON.stringify(response.body, null, 2) : JSON.stringify(response.body);
    headers['Content-Type'] = response.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  } else {
    if (response.contentType) headers['Content-Type'] = response.contentType;
    headers['Content-Length'] = '0';
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
