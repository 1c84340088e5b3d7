import { joinUrl } from '../http/base-url.js';
import { ConfigError } from '../http/errors.js';
import type { Transport } from '../http/transport.js';
import type { AzureConfig } from './config.js';
import { createCredentialTokenProvider } from './credential-token-provider.js';
import { createEntraTokenProvider } from './entra-token.js';
import { tlsTrusting } from './identity-tls.js';
import { azureSignIn, signInHint } from './sign-in.js';
import type { EntraTokenProvider } from './token-cache.js';

/**
 * Entra ID tokens for `config`: through `@azure/identity` (client secret, workload identity, or managed identity
 * then Azure CLI; see `azureSignIn`). A plain-http loopback authority (a test stand-in, which MSAL refuses) gets
 * the built-in client-credentials request instead, and needs a client secret.
 */
export function tokenProviderFor(config: AzureConfig, transport: Transport, now: () => number): EntraTokenProvider {
  const signIn = azureSignIn(config);
  if (new URL(config.authorityHost).protocol === 'http:') {
    if (signIn.kind !== 'clientSecret')
      throw new ConfigError(
        `The plain-http Azure authority host ${config.authorityHost} works only with AZURE_CLIENT_SECRET; use an https:// authority for other credentials.`,
      );
    return createEntraTokenProvider({ ...signIn, authorityHost: config.authorityHost }, transport, now);
  }
  const tokenUrl = joinUrl(
    config.authorityHost,
    `/${encodeURIComponent(config.tenantId || 'organizations')}/oauth2/v2.0/token`,
  );
  // Checked now, so an unreadable CA file is a configuration error before any request.
  const tls = config.extraCaFile !== undefined ? tlsTrusting(config.extraCaFile) : undefined;
  return createCredentialTokenProvider(
    // @azure/identity is loaded on the first sign-in only: plan, status and check never pay for it.
    async () => (await import('./identity-credential.js')).createIdentityCredential(config, signIn, tls),
    {
      request: { operation: 'getEntraToken', method: 'POST', url: tokenUrl.toString() },
      label: signIn.kind === 'managedIdentityOrCli' ? 'managed identity, then Azure CLI' : tokenUrl.toString(),
      secrets: config.clientSecret ? [config.clientSecret] : [],
      hint: signInHint(signIn),
    },
    now,
  );
}
