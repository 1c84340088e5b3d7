import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * Key Vault addresses a vault by host name (`{vault}.vault.azure.net`), and its clients build that name from a DNS
 * suffix (`az keyvault key show --vault-name`, the SDKs' challenge check that the vault host lies under the
 * challenge's resource). On loopback the simulator gives every vault the name `{vault}.vault.localhost` (a name
 * reserved for loopback, RFC 6761) on its HTTPS port. Nothing resolves such names, so the plain-http listener is
 * also a CONNECT proxy for them, and for nothing else: with `HTTPS_PROXY` pointing at it (and `NO_PROXY` for
 * 127.0.0.1), a client reaches a vault by its name without a resolver.
 */
export const vaultDnsSuffix = 'vault.localhost';

const vaultHost = /^([a-z0-9-]{3,24})\.vault\.localhost(?::(\d+))?$/i;

/** The vault a `Host` header names under {@link vaultDnsSuffix}, if it does. */
export function vaultOfHost(host: string | undefined): string | undefined {
  return vaultHost.exec(host ?? '')?.[1]?.toLowerCase();
}

/** The Key Vault resource (token audience) for a vault host on this port: `https://vault.localhost:PORT`. */
export function vaultResource(httpsPort: number): string {
  return `https://${vaultDnsSuffix}:${httpsPort}`;
}

/**
 * Answers an HTTP `CONNECT` to `{vault}.vault.localhost:{httpsPort}` by tunnelling to the simulator's own HTTPS
 * listener; any other target is refused with 403, so the proxy never reaches beyond the simulator.
 */
export function tunnelToVault(req: IncomingMessage, socket: Socket, head: Buffer, httpsPort: number): void {
  const m = vaultHost.exec(req.url ?? '');
  if (!m || Number(m[2]) !== httpsPort) {
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return;
  }
  const upstream = connect(httpsPort, '127.0.0.1', () => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  const close = (): void => {
    upstream.destroy();
    socket.destroy();
  };
  upstream.on('error', close);
  socket.on('error', close);
}
