import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import {
  AzureCliCredential,
  ChainedTokenCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { ConfigError } from '../http/errors.js';
import { isKnownAuthorityHost, type AzureConfig } from './config.js';
import type { AzureSignIn } from './sign-in.js';

/**
 * TLS settings trusting Node's roots plus the PEM file `path`, or none when the process started with that file in
 * `NODE_EXTRA_CA_CERTS` (Node trusts it already). TLS settings, unlike a custom agent, keep the SDK's proxy support
 * (`HTTPS_PROXY`).
 */
function tlsTrusting(path: string): { tlsOptions: { ca: string[] } } | undefined {
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

/**
 * An `@azure/identity` credential for `signIn`, talking to `config.authorityHost`. Instance discovery is off for
 * an authority host Entra ID's public discovery does not know (a private cloud, or the simulator), so MSAL trusts
 * the host it was given. With `config.extraCaFile`, the credential's requests trust that CA file as well.
 */
export function createIdentityCredential(config: AzureConfig, signIn: AzureSignIn): TokenCredential {
  const options = {
    authorityHost: config.authorityHost,
    disableInstanceDiscovery: !isKnownAuthorityHost(config.authorityHost),
    ...(config.extraCaFile !== undefined ? tlsTrusting(config.extraCaFile) : {}),
  };
  switch (signIn.kind) {
    case 'clientSecret':
      return new ClientSecretCredential(signIn.tenantId, signIn.clientId, signIn.clientSecret, options);
    case 'workloadIdentity':
      return new WorkloadIdentityCredential({
        ...options,
        tenantId: signIn.tenantId,
        clientId: signIn.clientId,
        tokenFilePath: signIn.tokenFilePath,
      });
    case 'managedIdentityOrCli':
      return new ChainedTokenCredential(
        new ManagedIdentityCredential({ ...options, ...(signIn.clientId ? { clientId: signIn.clientId } : {}) }),
        new AzureCliCredential(signIn.tenantId ? { tenantId: signIn.tenantId } : {}),
      );
    default: {
      const never: never = signIn;
      throw new Error(`unhandled sign-in ${String(never)}`);
    }
  }
}
