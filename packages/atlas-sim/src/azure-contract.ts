/**
 * JSON Schemas of the Azure responses, transcribed from `contracts/azure-keyvault.subset.md` of this package
 * (ARM keyvault.json 2023-07-01 definitions, Key Vault keys.json 7.5 KeyBundle, KeyListResult and
 * KeyUpdateParameters, Entra v2.0 token responses).
 * Objects are closed (`additionalProperties: false`) so that a field the contract does not name is caught.
 */
import { cloudErrorSchema as cloudError } from './azure-cloud-error.js';
import { azurePage } from './azure-page-schema.js';
import { preflightResponseSchemas } from './azure-preflight-contract.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;

const connection = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: str,
    name: str,
    type: { const: 'Microsoft.KeyVault/vaults/privateEndpointConnections' },
    location: str,
    tags: { type: 'object', additionalProperties: str },
    etag: str,
    properties: {
      type: 'object',
      additionalProperties: false,
      properties: {
        privateEndpoint: { type: 'object', additionalProperties: false, properties: { id: str } },
        privateLinkServiceConnectionState: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { enum: ['Pending', 'Approved', 'Rejected', 'Disconnected'] },
            description: str,
            actionsRequired: { enum: ['None'] },
          },
        },
        provisioningState: { enum: ['Succeeded', 'Creating', 'Updating', 'Deleting', 'Failed', 'Disconnected'] },
      },
    },
  },
} as const;

const jsonWebKeyOperation = {
  enum: ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey', 'import', 'export'],
} as const;

const keyAttributes = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    nbf: int,
    exp: int,
    created: int,
    updated: int,
    recoverableDays: int,
    recoveryLevel: {
      enum: [
        'Purgeable',
        'Recoverable+Purgeable',
        'Recoverable',
        'Recoverable+ProtectedSubscription',
        'CustomizedRecoverable+Purgeable',
        'CustomizedRecoverable',
        'CustomizedRecoverable+ProtectedSubscription',
      ],
    },
    exportable: { type: 'boolean' },
    hsmPlatform: str,
  },
} as const;

const keyBundle = {
  type: 'object',
  additionalProperties: false,
  properties: {
    key: {
      type: 'object',
      additionalProperties: false,
      properties: {
        kid: str,
        kty: { enum: ['EC', 'EC-HSM', 'RSA', 'RSA-HSM', 'oct', 'oct-HSM'] },
        key_ops: { type: 'array', items: jsonWebKeyOperation },
        n: str,
        e: str,
        crv: { enum: ['P-256', 'P-384', 'P-521', 'P-256K'] },
        x: str,
        y: str,
      },
    },
    attributes: keyAttributes,
    tags: { type: 'object', additionalProperties: str },
    managed: { type: 'boolean' },
  },
} as const;

/** `KeyListResult` (keys.json 7.5): "Get Key Versions" lists `KeyItem`s, a key identifier with its attributes. */
const keyListResult = azurePage({
  type: 'object',
  additionalProperties: false,
  properties: {
    kid: str,
    attributes: keyAttributes,
    tags: { type: 'object', additionalProperties: str },
    managed: { type: 'boolean' },
  },
});

/**
 * `KeyUpdateParameters` (keys.json 7.5), the body of "Update Key". The read-only attributes (`created`,
 * `updated`, `recoverableDays`, `recoveryLevel`, `hsmPlatform`) are left out: a client does not send them.
 */
export const keyUpdateParameters = {
  type: 'object',
  additionalProperties: false,
  properties: {
    key_ops: { type: 'array', items: jsonWebKeyOperation },
    attributes: {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: { type: 'boolean' }, nbf: int, exp: int, exportable: { type: 'boolean' } },
    },
    tags: { type: 'object', additionalProperties: str },
    release_policy: {
      type: 'object',
      additionalProperties: false,
      properties: { contentType: str, immutable: { type: 'boolean' }, data: str },
    },
  },
} as const;

const tokenOk = {
  type: 'object',
  required: ['token_type', 'expires_in', 'access_token'],
  properties: { token_type: { const: 'Bearer' }, expires_in: int, ext_expires_in: int, access_token: str },
} as const;

const tokenError = {
  type: 'object',
  required: ['error', 'error_description'],
  properties: {
    error: str,
    error_description: str,
    error_codes: { type: 'array', items: int },
    timestamp: str,
    trace_id: str,
    correlation_id: str,
  },
} as const;

/** Response schema per Azure operation id and status; `default` covers every other status. */
export const azureResponseSchemas: Record<string, Record<string, object | null>> = {
  PrivateEndpointConnections_ListByResource: { '200': azurePage(connection, ['value']), default: cloudError },
  PrivateEndpointConnections_Get: { '200': connection, '204': null, default: cloudError },
  PrivateEndpointConnections_Put: { '200': connection, default: cloudError },
  PrivateEndpointConnections_Delete: { '200': connection, '202': null, '204': null, default: cloudError },
  GetKey: { '200': keyBundle, default: cloudError },
  GetKeyVersions: { '200': keyListResult, default: cloudError },
  UpdateKey: { '200': keyBundle, default: cloudError },
  entraToken: { '200': tokenOk, default: tokenError },
  ...preflightResponseSchemas,
};
