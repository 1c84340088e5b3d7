import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Whether an Azure identity is configured for this process, and which setting says so. */
export type AzureIdentityPresence = { kind: 'configured'; via: string } | { kind: 'none' };

const set = (env: Readonly<Record<string, string | undefined>>, name: string): boolean =>
  (env[name]?.trim() ?? '') !== '';

/**
 * Whether `env` configures an Azure identity, decided from settings and one small local file only: no network
 * request, no `az` process, so it costs nothing on a machine without Azure. In the order of the sign-in chain
 * (`azureSignIn`):
 * - `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` or `AZURE_FEDERATED_TOKEN_FILE` (an app registration, workload identity,
 *   or a user-assigned managed identity). `AZURE_CLIENT_SECRET` alone does not count: desired-state files commonly
 *   reference it as the secret of Atlas's own app registration (`${env:AZURE_CLIENT_SECRET}`);
 * - `IDENTITY_ENDPOINT` or `MSI_ENDPOINT`, which App Service, Functions, Container Apps, Arc and Cloud Shell set
 *   for their managed identity;
 * - an Azure CLI login: `azureProfile.json` in `AZURE_CONFIG_DIR` (default `~/.azure`) listing a subscription.
 * A system-assigned managed identity on a virtual machine sets nothing and is found only by asking the instance
 * metadata service, which this does not do: such a machine sets `AZURE_CLIENT_ID`, or asks for the sign-in.
 */
export function azureIdentityPresence(env: Readonly<Record<string, string | undefined>>): AzureIdentityPresence {
  for (const name of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE'])
    if (set(env, name)) return { kind: 'configured', via: name };
  for (const name of ['IDENTITY_ENDPOINT', 'MSI_ENDPOINT'])
    if (set(env, name)) return { kind: 'configured', via: `${name} (managed identity)` };
  const home = env.HOME?.trim() || env.USERPROFILE?.trim() || homedir();
  const configDir = env.AZURE_CONFIG_DIR?.trim() || join(home, '.azure');
  const profile = join(configDir, 'azureProfile.json');
  if (hasAzureCliAccount(profile)) return { kind: 'configured', via: `the Azure CLI login in ${profile}` };
  return { kind: 'none' };
}

/** True when the Azure CLI profile file lists at least one subscription (az writes it with a byte order mark). */
function hasAzureCliAccount(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  try {
    const profile = JSON.parse(text.replace(/^\uFEFF/, '')) as { subscriptions?: unknown };
    return Array.isArray(profile.subscriptions) && profile.subscriptions.length > 0;
  } catch {
    return false;
  }
}
