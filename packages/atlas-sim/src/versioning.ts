/** Versions each Atlas operation accepts, from the contract's media types (header of the subset file). */
export const operationVersions: Record<string, readonly string[]> = {
  getGroup: ['2023-01-01'],
  listGroupClusters: ['2023-01-01', '2023-02-01', '2024-08-05'],
  getGroupCluster: ['2023-01-01', '2023-02-01', '2024-08-05'],
  updateGroupCluster: ['2023-01-01', '2023-02-01', '2024-08-05', '2024-10-23'],
  getGroupEncryptionAtRest: ['2023-01-01'],
  updateGroupEncryptionAtRest: ['2023-01-01'],
  listGroupEncryptionAtRestPrivateEndpoints: ['2023-01-01'],
  createGroupEncryptionAtRestPrivateEndpoint: ['2023-01-01'],
  getGroupEncryptionAtRestPrivateEndpoint: ['2023-01-01'],
  requestGroupEncryptionAtRestPrivateEndpointDeletion: ['2023-01-01'],
};

// Media types are case-insensitive (RFC 9110 §8.3.1): `Application/VND.Atlas.2023-01-01+JSON` names a version too.
const mediaType = /application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json/gi;

/**
 * The version the request asks for, if the operation serves it. Atlas answers 406 INVALID_VERSION_DATE
 * when the Accept header names no version or a version the operation does not have.
 */
export function negotiateVersion(operationId: string, accept: string | undefined): string | undefined {
  const supported = operationVersions[operationId] ?? [];
  for (const m of (accept ?? '').matchAll(mediaType)) {
    const version = m[1];
    if (version !== undefined && supported.includes(version)) return version;
  }
  return undefined;
}

/** `application/vnd.atlas.{version}+json` */
export function atlasMediaType(version: string): string {
  return `application/vnd.atlas.${version}+json`;
}

/** Planned removal dates of resource versions (contract `x-sunset`), keyed `operationId@version`. */
const sunsets: Record<string, string> = {
  'listGroupClusters@2023-01-01': '2027-07-01',
  'listGroupClusters@2023-02-01': '2027-07-01',
  'getGroupCluster@2023-01-01': '2027-07-01',
  'getGroupCluster@2023-02-01': '2027-07-01',
  'updateGroupCluster@2023-01-01': '2027-07-01',
  'updateGroupCluster@2023-02-01': '2027-07-01',
  'updateGroupCluster@2024-08-05': '2027-03-01',
};

/** The `Sunset` response header (HTTP date) for a version that has a planned removal, as Atlas sends it. */
export function sunsetHeader(operationId: string, version: string): Record<string, string> {
  const date = sunsets[`${operationId}@${version}`];
  return date ? { Sunset: new Date(`${date}T00:00:00Z`).toUTCString() } : {};
}
