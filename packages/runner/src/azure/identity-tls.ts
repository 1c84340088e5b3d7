import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { ConfigError } from '../http/errors.js';

/** TLS settings for `@azure/identity` credentials. */
export type IdentityTls = { tlsOptions: { ca: string[] } };

/**
 * TLS settings trusting Node's roots plus the PEM file `path`, or none when the process started with that file in
 * `NODE_EXTRA_CA_CERTS` (Node trusts it already). TLS settings, unlike a custom agent, keep the SDK's proxy support
 * (`HTTPS_PROXY`).
 */
export function tlsTrusting(path: string): IdentityTls | undefined {
  if (process.env['NODE_EXTRA_CA_CERTS'] === path) return undefined;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`NODE_EXTRA_CA_CERTS names ${path}, which cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { tlsOptions: { ca: [...rootCertificates, pem] } };
}
