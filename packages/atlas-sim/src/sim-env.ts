import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import type { SimFixture } from './fixture-types.js';
import type { RunningSim } from './sim-options.js';

/** One line of the environment a user pastes to point atlas-cmk, `az` and the Azure SDKs at a running simulator. */
export interface SimEnvEntry {
  name: string;
  value: string;
  /** The value is a credential of the simulated world: written to an owner-only file, never printed. */
  secret: boolean;
}

/**
 * The environment for a running simulator and its world: the Atlas API key and base URL, the Azure identity that
 * approves private endpoint connections (the first app with `canApprove`), the Entra ID authority host, the ARM URL
 * (HTTPS: the SDKs refuse a bearer token over http) and the run's certificate for Node and Python clients. The Azure
 * identity is the approver only: the app Atlas itself uses for the vault is the one in the project's encryption
 * settings, and may be another app of the world.
 */
export function simEnvironment(sim: RunningSim, fixture: SimFixture): SimEnvEntry[] {
  const key = fixture.apiKeys?.[0];
  const apps = fixture.azure?.apps ?? [];
  const approver = apps.find((a) => a.canApprove !== false) ?? apps[0];
  const entries: SimEnvEntry[] = [{ name: 'MONGODB_ATLAS_BASE_URL', value: sim.urls.atlas, secret: false }];
  if (key)
    entries.push(
      { name: 'MONGODB_ATLAS_PUBLIC_API_KEY', value: key.publicKey, secret: false },
      { name: 'MONGODB_ATLAS_PRIVATE_API_KEY', value: key.privateKey, secret: true },
    );
  if (approver)
    entries.push(
      { name: 'AZURE_TENANT_ID', value: approver.tenantId, secret: false },
      { name: 'AZURE_CLIENT_ID', value: approver.clientId, secret: false },
      { name: 'AZURE_CLIENT_SECRET', value: approver.clientSecret, secret: true },
    );
  entries.push(
    { name: 'AZURE_AUTHORITY_HOST', value: sim.urls.loginHttps, secret: false },
    { name: 'ATLAS_CMK_AZURE_ARM_URL', value: sim.urls.armHttps, secret: false },
    // The Key Vault data plane and Microsoft Graph, for atlas-cmk preflight.
    { name: 'ATLAS_CMK_AZURE_KEYVAULT_URL', value: sim.urls.keyVaultHttps, secret: false },
    { name: 'ATLAS_CMK_GRAPH_URL', value: sim.urls.armHttps.replace(/\/arm$/, '/graph'), secret: false },
    { name: 'NODE_EXTRA_CA_CERTS', value: sim.caCertificatePath, secret: false },
    { name: 'REQUESTS_CA_BUNDLE', value: sim.caCertificatePath, secret: false },
  );
  return entries;
}

/** POSIX shell single-quoting: the value comes back byte for byte whatever it holds. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `export NAME='value'` lines. With `withSecrets: false` a secret's line is a comment saying where to find it, so
 * the text can be printed to a terminal or a log.
 */
export function formatEnvLines(entries: readonly SimEnvEntry[], withSecrets: boolean): string[] {
  return entries.map((e) =>
    e.secret && !withSecrets
      ? `# export ${e.name}=…   (a credential of the world: written by --env FILE, or read it from the fixture)`
      : `export ${e.name}=${shellQuote(e.value)}`,
  );
}

/**
 * The `az` lines of the env file, as comments. `az` 2.45 (MSAL 1.21) checks every Entra authority other than
 * Microsoft's own with login.microsoftonline.com's instance discovery, which a machine without internet access cannot
 * reach; an AD FS authority (`{host}/adfs`, Azure Stack Hub's layout) is never checked, so `az` signs in there.
 */
export function azCommentLines(sim: RunningSim): string[] {
  return [
    '# Azure CLI, with a private AZURE_CONFIG_DIR and REQUESTS_CA_BUNDLE from above:',
    `# ${azCloudRegisterCommand(sim)} && az cloud set -n AtlasSim`,
    '# az login --service-principal -u "$AZURE_CLIENT_ID" -p "$AZURE_CLIENT_SECRET" --tenant "$AZURE_TENANT_ID"',
    `# A vault by name (Key Vault SDKs, az keyvault key): ${sim.urls.keyVaultByName}, reached through the simulator's proxy:`,
    `# HTTPS_PROXY=${shellQuote(sim.urls.vaultProxy)} NO_PROXY='127.0.0.1' az keyvault key show --vault-name <vault> -n <key>`,
  ];
}

/** The whole env file: header, every export line (credentials included) and the `az` lines. */
export function envFileText(sim: RunningSim, fixture: SimFixture): string {
  return [
    '# atlas-sim: this run only (its ports and certificate change on every start). Use: . ./this-file',
    ...formatEnvLines(simEnvironment(sim, fixture), true),
    ...azCommentLines(sim),
    '',
  ].join('\n');
}

/** Writes `text` readable and writable by its owner only (an existing file is narrowed to 0600 before writing). */
export function writeOwnerOnlyFile(path: string, text: string): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * The `az cloud register` command that points the Azure CLI at the simulator: Resource Manager and Entra ID over
 * HTTPS. Every endpoint the CLI would otherwise fetch from the metadata endpoint is given, so registering sends no
 * request anywhere. `activeDirectory` is the authority `az` hands to MSAL.
 */
export function azCloudRegisterCommand(
  sim: RunningSim,
  name = 'AtlasSim',
  activeDirectory = `${sim.urls.loginHttps}/adfs`,
): string {
  return [
    `az cloud register -n ${name}`,
    `--endpoint-resource-manager ${shellQuote(`${sim.urls.armHttps}/`)}`,
    `--endpoint-active-directory ${shellQuote(activeDirectory)}`,
    `--endpoint-active-directory-resource-id 'https://management.core.windows.net/'`,
    `--endpoint-active-directory-graph-resource-id 'https://graph.windows.net/'`,
    `--suffix-keyvault-dns ${shellQuote(`.${new URL(sim.urls.keyVaultByName.replace('{vaultName}.', '')).host}`)}`,
  ].join(' ');
}
