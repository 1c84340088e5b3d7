import { AtlasApiError } from '../http/errors.js';
import type { ErrorMapper } from '../http/types.js';

/**
 * Map an Atlas error response (`ApiError`: `error`, `errorCode`, `detail`, `parameters`) to an
 * {@link AtlasApiError}. Bodies that are not `ApiError` (a proxy's HTML page) get `HTTP_<status>` and no
 * detail. Server text is scrubbed of known secrets before it is kept.
 */
export const atlasApiError: ErrorMapper = (response, request, scrub) => {
  let body: { errorCode?: unknown; detail?: unknown; parameters?: unknown } | undefined;
  try {
    body = JSON.parse(response.body) as typeof body;
  } catch {
    body = undefined;
  }
  const errorCode = typeof body?.errorCode === 'string' ? body.errorCode : `HTTP_${response.status}`;
  const detail = typeof body?.detail === 'string' ? scrub(body.detail) : undefined;
  const parameters = Array.isArray(body?.parameters)
    ? body.parameters.map((p: unknown) => (typeof p === 'string' ? scrub(p) : p))
    : [];
  return new AtlasApiError(request, { status: response.status, errorCode, detail, parameters });
};
