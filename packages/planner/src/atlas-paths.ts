/** Atlas Admin API v2 paths the plan's requests use (contracts/atlas-admin-v2.subset.openapi.yaml). */
export const atlasPaths = {
  encryptionAtRest: (groupId: string): string => `/api/atlas/v2/groups/${groupId}/encryptionAtRest`,
  endpoints: (groupId: string): string => `/api/atlas/v2/groups/${groupId}/encryptionAtRest/AZURE/privateEndpoints`,
  endpoint: (groupId: string, endpointId: string): string =>
    `/api/atlas/v2/groups/${groupId}/encryptionAtRest/AZURE/privateEndpoints/${endpointId}`,
  cluster: (groupId: string, name: string): string =>
    `/api/atlas/v2/groups/${groupId}/clusters/${encodeURIComponent(name)}`,
} as const;
