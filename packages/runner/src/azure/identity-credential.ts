import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
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

/** An HTTPS agent trusting Node's roots plus the PEM file `path` (the process did not start with it). */
function agentTrusting(path: string): Agent {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`NODE_EXTRA_CA_CERTS names ${path}, which cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return new Agent({ ca: [...rootCertificates, pem], keepAlive: true });
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
    ...(config.extraCaFile !== undefined ? { agent: agentTrusting(config.extraCaFile) } : {}),
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
