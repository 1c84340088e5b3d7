import { atlasError, type SimResponse } from './sim-response.js';
import type { EndpointState } from './world-types.js';

/**
 * What the simulator does when a create asks for a region that already has an endpoint in use
 * (`INITIATING`, `PENDING_ACCEPTANCE` or `ACTIVE`):
 * - `accept` (the default): a second endpoint is created, as observed of Atlas today;
 * - `refuse`: `409 ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS` in Atlas's `ApiError` shape. Atlas does
 *   not document this refusal (contracts/NOTES.md lists no such code); the model lets clients prove they work
 *   whichever way Atlas behaves.
 */
export type SecondEndpointModel = 'accept' | 'refuse';

export const SECOND_ENDPOINT_MODELS: readonly SecondEndpointModel[] = ['accept', 'refuse'];

/** The error code of the `refuse` model. */
export const ENDPOINT_EXISTS_CODE = 'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS';

const IN_USE = new Set(['INITIATING', 'PENDING_ACCEPTANCE', 'ACTIVE']);

/** The refusal of a create under `model`, or undefined when the endpoint may be created. */
export function secondEndpointRefusal(
  model: SecondEndpointModel,
  endpoints: readonly EndpointState[],
  cloudProvider: string,
  region: string,
): SimResponse | undefined {
  if (model === 'accept') return undefined;
  const existing = endpoints.find(
    (e) => e.cloudProvider === cloudProvider && e.regionName === region && IN_USE.has(e.status),
  );
  if (!existing) return undefined;
  return atlasError(
    409,
    ENDPOINT_EXISTS_CODE,
    `An encryption at rest private endpoint already exists in region ${region}: ${existing.id}.`,
    [region, existing.id],
  );
}
