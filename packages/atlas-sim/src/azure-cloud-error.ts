/**
 * Azure Resource Manager's error body (`CloudError` of the ARM common types, contracts/azure-keyvault.subset.md),
 * shared by every ARM operation the simulator serves. Closed, so a field the contract does not name is caught.
 */
export const cloudErrorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        innererror: { type: 'object', properties: { code: { type: 'string' } } },
      },
    },
  },
} as const;
