import { generateKeyPair, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
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
  // An ECDSA P-256 key made natively (about a millisecond, where RSA-2048 takes hundreds); node-forge only encodes
  // the certificate's fields (its own signing is RSA-only), and Node signs.
  const { publicKey, privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  const { asn1, pki } = forge;
  const der = (node: Forge.asn1.Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
  const seq = (value: Forge.asn1.Asn1[]): Forge.asn1.Asn1 =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value);
  const ecdsaWithSha256 = seq([
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.2.840.10045.4.3.2').getBytes()),
  ]);
  const utcTime = (date: Date): Forge.asn1.Asn1 =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(date));
  // Filled by node-forge's own extension encoder (setExtensions computes each extension's value).
  const draft = pki.createCertificate();
  draft.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, critical: true },
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
  ]);
  const name = pki.distinguishedNameToAsn1({ attributes: [{ type: '2.5.4.3', value: 'atlas-sim loopback' }] } as never);
  const now = Date.now();
  const tbs = seq([
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(2).getBytes()),
    ]),
    // A positive serial number (high bit clear), random so that no two runs share one.
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, `\x01${randomBytes(15).toString('binary')}`),
    ecdsaWithSha256,
    name,
    seq([utcTime(new Date(now - 60_000)), utcTime(new Date(now + days * 86_400_000))]),
    name,
    asn1.fromDer(publicKey.export({ type: 'spki', format: 'der' }).toString('binary')),
    // Exported by node-forge's x509 module, missing from its type definitions.
    (pki as unknown as { certificateExtensionsToAsn1(e: unknown[]): Forge.asn1.Asn1 }).certificateExtensionsToAsn1(
      draft.extensions as unknown[],
    ),
  ]);
  const signature = sign('sha256', der(tbs), privateKey);
  const certificate = seq([
    tbs,
    ecdsaWithSha256,
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, `\x00${signature.toString('binary')}`),
  ]);
  const certPem = `-----BEGIN CERTIFICATE-----\n${der(certificate)
    .toString('base64')
    .replace(/.{64}/g, '$&\n')
    .replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dir = await mkdtemp(join(tmpdir(), 'atlas-sim-tls-'));
  const certPath = join(dir, 'loopback-cert.pem');
  const keyPath = join(dir, 'loopback-key.pem');
  await writeFile(keyPath, keyPem, { mode: 0o600 });
  await writeFile(certPath, certPem, { mode: 0o644 });
  return {
    cert: certPem,
    key: keyPem,
    certPath,
    keyPath,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
