import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Path of the committed loopback test certificate (self-signed, `127.0.0.1` and `localhost`). Clients trust it
 * for one process only, e.g. `NODE_EXTRA_CA_CERTS=<path>`; see `tls/README.md`.
 */
export function loopbackCertificatePath(): string {
  return fileURLToPath(new URL('../tls/loopback-cert.pem', import.meta.url));
}

/** Certificate and private key of the HTTPS listener. */
export function loopbackTlsOptions(): { cert: Buffer; key: Buffer } {
  return {
    cert: readFileSync(loopbackCertificatePath()),
    key: readFileSync(fileURLToPath(new URL('../tls/loopback-key.pem', import.meta.url))),
  };
}
