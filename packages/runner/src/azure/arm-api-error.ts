import { AzureApiError } from '../http/errors.js';
import type { ErrorMapper } from '../http/types.js';

/** Map an ARM `CloudError` (`{"error":{"code","message"}}`) to an {@link AzureApiError}. */
export const armApiError: ErrorMapper = (response, request, scrub) => {
  let body: { error?: { code?: unknown; message?: unknown } } | undefined;
  try {
    body = JSON.parse(response.body) as typeof body;
  } catch {
    body = undefined;
  }
  const code = typeof body?.error?.code === 'string' ? body.error.code : `HTTP_${response.status}`;
  const detail = typeof body?.error?.message === 'string' ? scrub(body.error.message) : undefined;
  return new AzureApiError(request, { status: response.status, code, detail });
};
