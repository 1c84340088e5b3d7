import type { AtlasContext } from './atlas-context.js';
import { credentialsValid, keyProblem, keyProblemDetail, parseKeyIdentifier } from './key-check.js';
import { atlasError, type SimResponse } from './sim-response.js';
import type { AzureEarState, ProjectState } from './world-types.js';

const azureFields = [
  'azureEnvironment',
  'clientID',
  'enabled',
  'keyIdentifier',
  'keyVaultName',
  'requirePrivateNetworking',
  'resourceGroupName',
  'roleId',
  'secret',
  'subscriptionID',
  'tenantID',
  'valid',
] as const;
const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Endpoints that still exist in any state (DELETING included) — Atlas counts them all. */
export function liveEndpoints(project: ProjectState): number {
  return project.endpoints.length;
}

/** Shape checks of a PATCH `azureKeyVault` block: known fields, types, enums, uuids. */
export function validateAzureBlock(block: Record<string, unknown>): SimResponse | undefined {
  for (const key of Object.keys(block)) {
    if (!(azureFields as readonly string[]).includes(key))
      return atlasError(400, 'INVALID_ATTRIBUTE', `Invalid attribute azureKeyVault.${key} specified.`, [
        `azureKeyVault.${key}`,
      ]);
  }
  for (const key of ['enabled', 'requirePrivateNetworking', 'valid']) {
    if (block[key] !== undefined && typeof block[key] !== 'boolean')
      return atlasError(
        400,
        'INVALID_JSON_ATTRIBUTE',
        `Received JSON for the azureKeyVault.${key} attribute does not match expected format.`,
        [`azureKeyVault.${key}`],
      );
  }
  for (const key of [
    'azureEnvironment',
    'clientID',
    'keyIdentifier',
    'keyVaultName',
    'resourceGroupName',
    'roleId',
    'secret',
    'subscriptionID',
    'tenantID',
  ]) {
    if (block[key] !== undefined && typeof block[key] !== 'string')
      return atlasError(
        400,
        'INVALID_JSON_ATTRIBUTE',
        `Received JSON for the azureKeyVault.${key} attribute does not match expected format.`,
        [`azureKeyVault.${key}`],
      );
  }
  if (
    block['azureEnvironment'] !== undefined &&
    !['AZURE', 'AZURE_CHINA', 'AZURE_US_GOVERNMENT'].includes(block['azureEnvironment'] as string)
  ) {
    return atlasError(
      400,
      'INVALID_ENUM_VALUE',
      `An invalid enumeration value ${String(block['azureEnvironment'])} was specified.`,
      [String(block['azureEnvironment']), 'azureKeyVault.azureEnvironment'],
    );
  }
  for (const key of ['clientID', 'tenantID', 'subscriptionID']) {
    if (typeof block[key] === 'string' && !uuid.test(block[key]))
      return atlasError(400, 'INVALID_ATTRIBUTE', `Invalid attribute azureKeyVault.${key} specified.`, [
        `azureKeyVault.${key}`,
      ]);
  }
  if (typeof block['roleId'] === 'string' && !/^[a-f0-9]{24}$/.test(block['roleId']))
    return atlasError(400, 'INVALID_ATTRIBUTE', 'Invalid attribute azureKeyVault.roleId specified.', [
      'azureKeyVault.roleId',
    ]);
  return undefined;
}

/** Checks a complete, enabled configuration against the world; returns Atlas's refusal or undefined. */
export function checkEnabledConfig(ctx: AtlasContext, next: AzureEarState): SimResponse | undefined {
  const { project, world } = ctx;
  const required: (keyof AzureEarState)[] = [
    'azureEnvironment',
    'keyIdentifier',
    'keyVaultName',
    'resourceGroupName',
    'subscriptionID',
    ...(next.roleId ? [] : (['clientID', 'tenantID', 'secretHash'] as const)),
  ];
  for (const key of required) {
    const name = key === 'secretHash' ? 'secret' : key;
    if (next[key] === undefined)
      return atlasError(400, 'MISSING_ATTRIBUTE', `The required attribute azureKeyVault.${name} was not specified.`, [
        `azureKeyVault.${name}`,
      ]);
  }
  const cur = project.azureKeyVault;
  if (liveEndpoints(project) > 0 && cur.enabled) {
    for (const key of ['keyVaultName', 'resourceGroupName', 'subscriptionID'] as const) {
      if ((next[key] ?? '').toLowerCase() !== (cur[key] ?? '').toLowerCase()) {
        return atlasError(
          400,
          'CANNOT_MODIFY_AZURE_KEY_VAULT_WITH_PRIVATE_ENDPOINTS',
          `Cannot change azureKeyVault.${key} while encryption at rest private endpoints exist. Delete the private endpoints first.`,
          [`azureKeyVault.${key}`],
        );
      }
    }
  }
  if (cur.requirePrivateNetworking && !next.requirePrivateNetworking && liveEndpoints(project) > 0) {
    return atlasError(
      400,
      'CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST',
      'Private networking cannot be disabled while encryption at rest private endpoints exist.',
    );
  }
  const id = parseKeyIdentifier(next.keyIdentifier ?? '');
  if (!id)
    return atlasError(
      400,
      'AZURE_KEY_VAULT_KEY_IDENTIFIER_INVALID_FORMAT',
      keyProblemDetail.AZURE_KEY_VAULT_KEY_IDENTIFIER_INVALID_FORMAT,
      [next.keyIdentifier],
    );
  if (!credentialsValid(world, next))
    return atlasError(
      400,
      'INVALID_AZURE_CREDENTIALS',
      'The Azure credentials (clientID, tenantID, secret) are invalid.',
    );
  if (id.vaultName.toLowerCase() !== (next.keyVaultName ?? '').toLowerCase()) {
    return atlasError(
      400,
      'AZURE_KEY_VAULT_KEY_NOT_FOUND',
      `The key ${next.keyIdentifier ?? ''} is not in the key vault ${next.keyVaultName ?? ''}.`,
      [next.keyIdentifier],
    );
  }
  const problem = keyProblem(world, next.keyIdentifier ?? '', ctx.nowMs, true);
  if (problem) return atlasError(400, problem, keyProblemDetail[problem], [next.keyIdentifier]);
  return undefined;
}
