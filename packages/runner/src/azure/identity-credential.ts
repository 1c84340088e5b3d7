import {
  AzureCliCredential,
  ChainedTokenCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { isKnownAuthorityHost, type AzureConfig } from './config.js';
import type { IdentityTls } from './identity-tls.js';
import type { AzureSignIn } from './sign-in.js';

/**
 * An `@azure/identity` credential for `signIn`, talking to `config.authorityHost`. Instance discovery is off for
 * an authority host Entra ID's public discovery does not know (a private cloud, or the simulator), so MSAL trusts
 * the host it was given. With `tls` (from `tlsTrusting`), the credential's requests trust that CA file as well.
 * This module is the only one that loads `@azure/identity` (~150 ms): import it only when a sign-in is needed.
 */
export function createIdentityCredential(
  config: AzureConfig,
  signIn: AzureSignIn,
  tls: IdentityTls | undefined,
): TokenCredential {
  const options = {
    authorityHost: config.authorityHost,
    disableInstanceDiscovery: !isKnownAuthorityHost(config.authorityHost),
    ...(tls ?? {}),
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
