import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as Forge from 'node-forge';

// node-forge is CommonJS without named ESM exports.
const forge = createRequire(import.meta.url)('node-forge') as typeof Forge;

/** The loopback certificate of one simulator run: PEM text and where it was written. */
export interface LoopbackCertificate {
  cert: string;
  key: string;
  /** The certificate, for `NODE_EXTRA_CA_CERTS`, `REQUESTS_CA_BUNDLE`, `curl --cacert`. */
  certPath: string;
  /** The private key (mode 0600, in a 0700 folder). */
  keyPath: string;
  /** Removes the folder holding both files. */
  remove: () => Promise<void>;
}

/**
 * Generates a fresh self-signed LEAF certificate (basicConstraints CA:FALSE, serverAuth, SAN localhost, *.vault.localhost,
 * 127.0.0.1, ::1) and writes it with its key to a new owner-only temp folder. Invariant: nothing is shipped or reused; each
 * run has its own key, so trusting the certificate trusts this run of the simulator on loopback and nothing else.
 * A leaf is a trust anchor for OpenSSL 3 (Python `requests`, `az`) and Node when listed as the only certificate of
 * the bundle, so no CA (which could sign other names) is needed.
 */
export async function createLoopbackCertificate(days = 7): Promise<LoopbackCertificate> {
  // Node makes the RSA key natively (fast); node-forge only assembles and signs the certificate.
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKey);
  // A positive serial number (high bit clear), random so that no two runs share one.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60_000);
  cert.validity.notAfter = new Date(now + days * 86_400_000);
  const name = [{ name: 'commonName', value: 'atlas-sim loopback' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        // Vaults by name (vault-host.ts); names under .localhost are loopback's by definition (RFC 6761).
        { type: 2, value: '*.vault.localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(pair.privateKey), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const dir = await mkdtemp(join(tmpdir(), 'atlas-sim-tls-'));
  const certPath = join(dir, 'loopback-cert.pem');
  const keyPath = join(dir, 'loopback-key.pem');
  await writeFile(keyPath, pair.privateKey, { mode: 0o600 });
  await writeFile(certPath, certPem, { mode: 0o644 });
  return {
    cert: certPem,
    key: pair.privateKey,
    certPath,
    keyPath,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
