import { desiredStateSchemaId, type LiveAzureKeyVault, type LiveProjectState } from '@atlas-cmk/core';

/** The environment variable an exported document reads the Azure client secret from. */
export const EXPORTED_SECRET_REFERENCE = '${env:AZURE_CLIENT_SECRET}';

/** Endpoint statuses that do not describe a wanted region: on their way out, or broken and to be replaced. */
const NOT_WANTED = new Set(['DELETING', 'FAILED']);

/** Where the key lives: copied from live after the sign-in fields, in the order the documentation writes them. */
const KEY_FIELDS = ['subscriptionID', 'resourceGroupName', 'keyVaultName', 'keyIdentifier'] as const;

/**
 * A desired-state YAML document (PRODUCT.md section 2) that describes the live project as it is, so that `check`
 * passes on it and `plan` shows no changes: the `azureKeyVault` settings Atlas returns (the secret, which Atlas
 * never returns, as the reference `${env:AZURE_CLIENT_SECRET}`; nothing when the project signs in with `roleId`),
 * every region with an endpoint that is not DELETING or FAILED, manual approval, and every cluster that uses the
 * key. `name` defaults to the project's name in Atlas.
 */
export function exportDocument(live: LiveProjectState, options: { name?: string } = {}): string {
  const vault: LiveAzureKeyVault = live.encryptionAtRest.azureKeyVault ?? {};
  const enabled = vault.enabled === true;
  const lines = [
    `# yaml-language-server: $schema=${desiredStateSchemaId}`,
    `# The live state of Atlas project ${yamlComment(live.project.name || live.projectId)}, written by atlas-cmk export.`,
    'apiVersion: atlas-cmk/v1',
    'kind: ProjectEncryption',
    'metadata:',
    `  name: ${yamlScalar(options.name ?? (live.project.name || live.projectId))}`,
    'spec:',
    `  projectId: ${yamlScalar(live.projectId)}`,
    '  azureKeyVault:',
    `    enabled: ${enabled}`,
  ];
  if (vault.azureEnvironment) lines.push(`    azureEnvironment: ${yamlScalar(vault.azureEnvironment)}`);
  if (vault.roleId) {
    lines.push(`    roleId: ${yamlScalar(vault.roleId)}`);
  } else if (vault.clientID && vault.tenantID) {
    lines.push(`    clientID: ${yamlScalar(vault.clientID)}`, `    tenantID: ${yamlScalar(vault.tenantID)}`);
    // Atlas never returns the secret: the document names where it comes from instead.
    lines.push(`    secret: ${EXPORTED_SECRET_REFERENCE}`);
  }
  for (const field of KEY_FIELDS) {
    const value = vault[field];
    if (value) lines.push(`    ${field}: ${yamlScalar(value)}`);
  }
  lines.push(`    requirePrivateNetworking: ${vault.requirePrivateNetworking === true}`);
  if (live.encryptionAtRest.enabledForSearchNodes !== undefined) {
    lines.push(`  enabledForSearchNodes: ${live.encryptionAtRest.enabledForSearchNodes}`);
  }
  const regions = [
    ...new Set(
      live.endpoints.filter((e) => e.cloudProvider === 'AZURE' && !NOT_WANTED.has(e.status)).map((e) => e.regionName),
    ),
  ];
  lines.push('  privateEndpoints:', `    regions: [${regions.map(flowScalar).join(', ')}]`, '    approval: manual');
  const clusters = live.clusters.filter((c) => c.encryptionAtRestProvider === 'AZURE');
  lines.push(clusters.length === 0 ? '  clusters: []' : '  clusters:');
  for (const c of clusters) {
    lines.push(`    - name: ${yamlScalar(c.name)}`, '      encryptionAtRest: true');
    // Written so that plan of the exported file shows no change: without it, reconcile would resume the cluster.
    if (c.paused === true) lines.push('      paused: true');
  }
  return `${lines.join('\n')}\n`;
}

/** Words YAML would read as something other than a string. */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~|\.inf|-\.inf|\.nan)$/i;

/**
 * A string as a YAML scalar: plain when that reads back as the same string (ids, names, URLs, region names),
 * otherwise double-quoted. A JSON string literal is a valid YAML double-quoted scalar.
 */
export function yamlScalar(value: string): string {
  const plain =
    /^[A-Za-z0-9_/][A-Za-z0-9_.\-/:@]*$/.test(value) &&
    !RESERVED.test(value) &&
    Number.isNaN(Number(value)) &&
    !/^\d{4}-\d\d-\d\d/.test(value) &&
    !/^\d+:\d/.test(value);
  return plain ? value : JSON.stringify(value);
}

/** A scalar inside a flow sequence (`[A, B]`), where commas and brackets are syntax: quoted unless a plain word. */
function flowScalar(value: string): string {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

/** Text safe inside a `#` comment: one line. */
function yamlComment(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
