/**
 * JSON Schemas of the responses the preflight reads, transcribed from `contracts/azure-preflight.subset.md` of this
 * package (Microsoft.Resources `Provider`, Key Vault `Vault`, Microsoft.Authorization `PermissionGetResult`,
 * Microsoft Graph `application` with its `passwordCredential`s).
 * Objects the contract describes completely are closed, so a field it does not name is caught.
 */
import { cloudErrorSchema as cloudError } from './azure-cloud-error.js';
import { azurePage } from './azure-page-schema.js';
const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;

const provider = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: str,
    namespace: str,
    registrationState: str,
    registrationPolicy: str,
    resourceTypes: { type: 'array', items: { type: 'object' } },
    providerAuthorizationConsentState: {
      enum: ['NotSpecified', 'Required', 'NotRequired', 'Consented'],
    },
  },
} as const;

const vault = {
  type: 'object',
  additionalProperties: false,
  required: ['properties'],
  properties: {
    id: str,
    name: str,
    type: str,
    location: str,
    tags: { type: 'object', additionalProperties: str },
    systemData: { type: 'object' },
    properties: {
      type: 'object',
      required: ['tenantId', 'sku'],
      properties: {
        tenantId: str,
        sku: {
          type: 'object',
          additionalProperties: false,
          required: ['family', 'name'],
          properties: { family: { const: 'A' }, name: { enum: ['standard', 'premium'] } },
        },
        vaultUri: str,
        enableRbacAuthorization: { type: 'boolean' },
        publicNetworkAccess: str,
        provisioningState: { enum: ['Succeeded', 'RegisteringDns'] },
      },
    },
  },
} as const;

const permissions = azurePage({
  type: 'object',
  additionalProperties: false,
  properties: { actions: strings, notActions: strings, dataActions: strings, notDataActions: strings },
});

const application = {
  type: 'object',
  required: ['appId', 'passwordCredentials'],
  properties: {
    id: str,
    appId: str,
    displayName: str,
    passwordCredentials: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['keyId'],
        properties: {
          customKeyIdentifier: { type: ['string', 'null'] },
          displayName: { type: ['string', 'null'] },
          endDateTime: { type: ['string', 'null'], format: 'date-time' },
          hint: { type: ['string', 'null'] },
          keyId: str,
          secretText: { type: 'null' },
          startDateTime: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
  },
} as const;

/** Response schema per preflight operation id and status; `default` covers every other status. */
export const preflightResponseSchemas: Record<string, Record<string, object | null>> = {
  Providers_Get: { '200': provider, default: cloudError },
  Vaults_Get: { '200': vault, default: cloudError },
  Permissions_ListForResource: { '200': permissions, default: cloudError },
  application_Get: { '200': application, default: cloudError },
};
