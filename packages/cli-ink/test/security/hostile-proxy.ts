import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A hostile answer to one request: its status and JSON body. */
export interface HostileAnswer {
  status: number;
  body: unknown;
}

/** A proxy in front of the simulator that answers some requests itself, the way a hostile or careless server would. */
export interface HostileProxy {
  url: string;
  close(): Promise<void>;
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts a loopback proxy to `target` (the simulator's Atlas URL). `answer` sees every request with its body and
 * returns the answer to send instead of forwarding it, or undefined to forward it unchanged.
 */
export async function startHostileProxy(
  target: () => string,
  answer: (req: IncomingMessage, body: Buffer) => HostileAnswer | undefined,
): Promise<HostileProxy> {
  const forward = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await read(req);
    const own = answer(req, body);
    if (own) {
      res.writeHead(own.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(own.body));
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)),
    ) as Record<string, string>;
    const reply = await fetch(`${target()}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    const out: Record<string, string> = {};
    reply.headers.forEach((v, k) => {
      if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)) out[k] = v;
    });
    res.writeHead(reply.status, out);
    res.end(Buffer.from(await reply.arrayBuffer()));
  };
  const server: Server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      res.writeHead(502);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
