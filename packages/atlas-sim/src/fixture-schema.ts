const hex24 = { type: 'string', pattern: '^[a-f0-9]{24}$' } as const;
const uuid = {
  type: 'string',
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
} as const;
const seconds = { type: 'number', minimum: 0 } as const;
const bucket = {
  type: 'object',
  additionalProperties: false,
  required: ['capacity', 'refill', 'periodSeconds'],
  properties: {
    capacity: { type: 'integer', minimum: 1 },
    refill: { type: 'integer', minimum: 1 },
    periodSeconds: seconds,
  },
} as const;
const role = {
  enum: ['ORG_OWNER', 'ORG_READ_ONLY', 'PROJECT_OWNER', 'PROJECT_CLUSTER_MANAGER', 'PROJECT_READ_ONLY'],
} as const;
const access = {
  role,
  projects: { type: 'array', items: hex24 },
  orgs: { type: 'array', items: hex24 },
  ipAccessList: { type: 'array', items: { type: 'string' } },
} as const;
const provider = { enum: ['AZURE', 'AWS', 'GCP'] } as const;

/** JSON Schema (draft-07, ajv strict) of the fixture file format documented in the package README. */
export const fixtureSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['organizations'],
  properties: {
    start: { type: 'string', format: 'date-time' },
    timing: {
      type: 'object',
      additionalProperties: false,
      properties: {
        initiatingSeconds: seconds,
        approvalReflectionSeconds: seconds,
        deletingSeconds: seconds,
        clusterUpdateSeconds: seconds,
        recreationSeconds: seconds,
        nonceTtlSeconds: seconds,
        atlasTokenTtlSeconds: seconds,
        azureTokenTtlSeconds: seconds,
      },
    },
    rateLimits: {
      type: 'object',
      additionalProperties: false,
      properties: { encryptionAtRest: bucket, clusters: bucket, projects: bucket, oauthToken: bucket },
    },
    secondEndpoint: { enum: ['accept', 'refuse'] },
    organizations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name'],
        properties: {
          id: hex24,
          name: { type: 'string', minLength: 1 },
          active: { type: 'boolean' },
          projects: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'name'],
              properties: {
                id: hex24,
                name: { type: 'string', pattern: "^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$" },
                created: { type: 'string', format: 'date-time' },
                active: { type: 'boolean' },
                clusters: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['name', 'tier', 'regions'],
                    properties: {
                      name: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9-]*$' },
                      tier: { type: 'string', pattern: '^(M0|M2|M5|FLEX|[MR][0-9]+(_NVME)?(_GEN_2)?)$' },
                      provider,
                      regions: {
                        type: 'array',
                        minItems: 1,
                        items: {
                          anyOf: [
                            { type: 'string' },
                            {
                              type: 'object',
                              additionalProperties: false,
                              required: ['region'],
                              properties: {
                                region: { type: 'string' },
                                provider,
                                nodeCount: { type: 'integer', minimum: 1 },
                              },
                            },
                          ],
                        },
                      },
                      backup: { type: 'boolean' },
                      paused: { type: 'boolean' },
                      encryptionAtRestProvider: { enum: ['NONE', 'AWS', 'AZURE', 'GCP'] },
                    },
                  },
                },
                encryptionAtRest: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    enabledForSearchNodes: { type: 'boolean' },
                    azureKeyVault: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['enabled'],
                      properties: {
                        enabled: { type: 'boolean' },
                        azureEnvironment: { enum: ['AZURE', 'AZURE_CHINA', 'AZURE_US_GOVERNMENT'] },
                        clientID: uuid,
                        tenantID: uuid,
                        secret: { type: 'string' },
                        roleId: hex24,
                        subscriptionID: uuid,
                        resourceGroupName: { type: 'string' },
                        keyVaultName: { type: 'string' },
                        keyIdentifier: { type: 'string' },
                        requirePrivateNetworking: { type: 'boolean' },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    apiKeys: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['publicKey', 'privateKey', 'role'],
        properties: {
          publicKey: { type: 'string', minLength: 1 },
          privateKey: { type: 'string', minLength: 1 },
          ...access,
        },
      },
    },
    serviceAccounts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['clientId', 'clientSecret', 'role'],
        properties: {
          clientId: { type: 'string', minLength: 1 },
          clientSecret: { type: 'string', minLength: 1 },
          ...access,
        },
      },
    },
    azure: {
      type: 'object',
      additionalProperties: false,
      properties: {
        apps: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['tenantId', 'clientId', 'clientSecret'],
            properties: {
              tenantId: uuid,
              clientId: uuid,
              clientSecret: { type: 'string' },
              canApprove: { type: 'boolean' },
              managedIdentity: { type: 'boolean' },
              permissions: {
                type: 'object',
                additionalProperties: false,
                required: ['actions'],
                properties: {
                  actions: { type: 'array', items: { type: 'string' } },
                  notActions: { type: 'array', items: { type: 'string' } },
                },
              },
              passwordCredentials: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['endDateTime'],
                  properties: { endDateTime: { type: 'string', format: 'date-time' }, displayName: { type: 'string' } },
                },
              },
              federatedCredentials: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['issuer', 'subject'],
                  properties: { issuer: { type: 'string', minLength: 1 }, subject: { type: 'string', minLength: 1 } },
                },
              },
            },
          },
        },
        providers: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['subscriptionId', 'namespace', 'registrationState'],
            properties: {
              subscriptionId: uuid,
              namespace: { type: 'string', minLength: 1 },
              registrationState: { enum: ['Registered', 'NotRegistered', 'Registering', 'Unregistered'] },
            },
          },
        },
        vaults: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'resourceGroup', 'subscriptionId', 'tenantId'],
            properties: {
              name: { type: 'string', pattern: '^[a-zA-Z0-9-]{3,24}$' },
              resourceGroup: { type: 'string', minLength: 1 },
              subscriptionId: uuid,
              tenantId: uuid,
              location: { type: 'string' },
              keys: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['name', 'versions'],
                  properties: {
                    name: { type: 'string', pattern: '^[a-zA-Z0-9-]{1,127}$' },
                    versions: {
                      type: 'array',
                      minItems: 1,
                      items: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['version'],
                        properties: {
                          version: { type: 'string', pattern: '^[0-9a-f]{32}$' },
                          enabled: { type: 'boolean' },
                          expires: { type: 'string', format: 'date-time' },
                          notBefore: { type: 'string', format: 'date-time' },
                          keyOps: { type: 'array', items: { type: 'string' } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
