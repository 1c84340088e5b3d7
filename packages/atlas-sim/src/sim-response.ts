import { STATUS_CODES } from 'node:http';

/** What a handler answers; the server serialises it. `contentType` defaults to application/json. */
export interface SimResponse {
  status: number;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Atlas's ApiError body (contract `ApiError`). */
export interface ApiErrorBody {
  detail: string;
  error: number;
  errorCode: string;
  parameters: unknown[];
  reason: string;
}

/** An Atlas error response: `{detail, error, errorCode, parameters, reason}` served as application/json. */
export function atlasError(
  status: number,
  errorCode: string,
  detail: string,
  parameters: unknown[] = [],
  headers?: Record<string, string>,
): SimResponse {
  const body: ApiErrorBody = { detail, error: status, errorCode, parameters, reason: STATUS_CODES[status] ?? 'Error' };
  return { status, body, contentType: 'application/json', ...(headers ? { headers } : {}) };
}

/** An Azure (ARM CloudError / Key Vault KeyVaultError) error response. */
export function azureError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SimResponse {
  return {
    status,
    body: { error: { code, message } },
    contentType: 'application/json; charset=utf-8',
    ...(headers ? { headers } : {}),
  };
}

/** A JSON success response. */
export function ok(body: unknown, contentType = 'application/json', status = 200): SimResponse {
  return { status, body, contentType };
}
