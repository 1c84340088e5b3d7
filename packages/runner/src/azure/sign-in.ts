import type { AzureConfig } from './config.js';

/** How atlas-cmk signs in to Entra ID, derived from an {@link AzureConfig}. */
export type AzureSignIn =
  | { kind: 'clientSecret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'workloadIdentity'; tenantId: string; clientId: string; tokenFilePath: string }
  | { kind: 'managedIdentityOrCli'; tenantId?: string; clientId?: string };

/**
 * The sign-in a config asks for, in the order of the Azure SDK's environment conventions: a client secret, else a
 * workload identity token file, else managed identity (user-assigned when a client ID is set) and then the Azure
 * CLI login.
 */
export function azureSignIn(config: AzureConfig): AzureSignIn {
  const optional = {
    ...(config.tenantId !== '' ? { tenantId: config.tenantId } : {}),
    ...(config.clientId !== '' ? { clientId: config.clientId } : {}),
  };
  if (config.clientSecret !== undefined && config.clientSecret !== '')
    return {
      kind: 'clientSecret',
      tenantId: config.tenantId,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
    };
  if (config.federatedTokenFile !== undefined && config.federatedTokenFile !== '')
    return {
      kind: 'workloadIdentity',
      tenantId: config.tenantId,
      clientId: config.clientId,
      tokenFilePath: config.federatedTokenFile,
    };
  return { kind: 'managedIdentityOrCli', ...optional };
}

/** What to check when that sign-in fails (one sentence). */
export function signInHint(signIn: AzureSignIn): string {
  switch (signIn.kind) {
    case 'clientSecret':
      return 'Check AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.';
    case 'workloadIdentity':
      return 'Check AZURE_TENANT_ID, AZURE_CLIENT_ID and the federated credential of that application for the token in AZURE_FEDERATED_TOKEN_FILE.';
    case 'managedIdentityOrCli':
      return 'No AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE is set, and neither a managed identity nor an Azure CLI login (az login) gave a token: set one of them, or use approval: manual.';
    default: {
      const never: never = signIn;
      throw new Error(`unhandled sign-in ${String(never)}`);
    }
  }
}
