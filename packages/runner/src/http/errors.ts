/**
 * Typed errors of the HTTP clients. Every error carries a stable `kind` so callers branch on data, never on
 * message text. Messages name the operation, the method and the redacted URL; they never contain a
 * credential, a token, a digest response or a `secret` value (see `redact.ts`). Text from the server (an error's
 * detail) enters a message with its control characters shown escaped (`\n`, `\e`…): a message is one line, and a
 * detail cannot end it and print lines of its own, whichever output shows it.
 */
import { escapeControl } from '@atlas-cmk/planner';

/** Every kind of error the runner's HTTP clients throw. */
export type HttpErrorKind = 'api' | 'azureApi' | 'transport' | 'maybeApplied' | 'aborted' | 'auth' | 'config';

/** Where a request went: used to say what failed without leaking anything. */
export interface RequestInfo {
  /** A stable operation name, e.g. `getEncryptionAtRest` or `armGetPrivateEndpointConnection`. */
  operation: string;
  method: string;
  /** The request URL with credentials and sensitive query values removed. */
  url: string;
}

/** Base class: `kind` plus the request it belongs to. */
export abstract class HttpClientError extends Error {
  abstract readonly kind: HttpErrorKind;
  readonly operation: string;
  readonly method: string;
  readonly url: string;

  protected constructor(message: string, request: RequestInfo, options?: { cause?: unknown }) {
    super(message, options);
    this.operation = request.operation;
    this.method = request.method;
    this.url = request.url;
  }
}

/** An Atlas `ApiError` response (any non-success status). */
export class AtlasApiError extends HttpClientError {
  readonly kind = 'api' as const;
  override readonly name = 'AtlasApiError';
  readonly status: number;
  /** Atlas's stable error code (`GROUP_NOT_FOUND`, `INACTIVE_ORG`, …), or `HTTP_<status>` when the body had none. */
  readonly errorCode: string;
  readonly detail: string | undefined;
  readonly parameters: readonly unknown[];

  constructor(
    request: RequestInfo,
    fields: { status: number; errorCode: string; detail?: string | undefined; parameters?: readonly unknown[] },
    options?: { cause?: unknown },
  ) {
    const detail = fields.detail ? `: ${escapeControl(fields.detail)}` : '';
    super(
      `Atlas ${request.operation} failed (${request.method} ${request.url}): HTTP ${fields.status} ${escapeControl(fields.errorCode)}${detail}`,
      request,
      options,
    );
    this.status = fields.status;
    this.errorCode = fields.errorCode;
    this.detail = fields.detail;
    this.parameters = fields.parameters ?? [];
  }
}

/** An Azure Resource Manager or Entra ID error response (`CloudError` / OAuth error body). */
export class AzureApiError extends HttpClientError {
  readonly kind = 'azureApi' as const;
  override readonly name = 'AzureApiError';
  readonly status: number;
  /** Azure's error code (`ResourceNotFound`, `invalid_client`, …), or `HTTP_<status>`. */
  readonly code: string;
  readonly detail: string | undefined;

  constructor(
    request: RequestInfo,
    fields: { status: number; code: string; detail?: string | undefined },
    options?: { cause?: unknown },
  ) {
    const detail = fields.detail ? `: ${escapeControl(fields.detail)}` : '';
    super(
      `Azure ${request.operation} failed (${request.method} ${request.url}): HTTP ${fields.status} ${escapeControl(fields.code)}${detail}`,
      request,
      options,
    );
    this.status = fields.status;
    this.code = fields.code;
    this.detail = fields.detail;
  }
}

/** The request never produced a response: connection refused or reset, timeout, TLS failure. */
export class TransportError extends HttpClientError {
  readonly kind = 'transport' as const;
  override readonly name = 'TransportError';
  /** The undici or system error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, `UND_ERR_HEADERS_TIMEOUT`, …). */
  readonly code: string;

  constructor(request: RequestInfo, code: string, options?: { cause?: unknown }) {
    super(`${request.operation} could not reach ${request.method} ${request.url}: ${code}`, request, options);
    this.code = code;
  }
}

/**
 * A non-idempotent request (POST) failed after it may have reached the server. It is not repeated:
 * the caller must re-read the resource and adopt what exists before trying again.
 */
export class MaybeAppliedError extends HttpClientError {
  readonly kind = 'maybeApplied' as const;
  override readonly name = 'MaybeAppliedError';

  constructor(request: RequestInfo, reason: string, options?: { cause?: unknown }) {
    super(
      `${request.operation} (${request.method} ${request.url}) may have been applied (${reason}); re-read the live state before retrying`,
      request,
      options,
    );
  }
}

/** The caller's `AbortSignal` fired. */
export class AbortedError extends HttpClientError {
  readonly kind = 'aborted' as const;
  override readonly name = 'AbortedError';

  constructor(request: RequestInfo, options?: { cause?: unknown }) {
    super(`${request.operation} was cancelled (${request.method} ${request.url})`, request, options);
  }
}

/** Credentials were rejected, or a token could not be obtained. */
export class AuthError extends HttpClientError {
  readonly kind = 'auth' as const;
  override readonly name = 'AuthError';
  readonly status: number | undefined;

  constructor(message: string, request: RequestInfo, status?: number, options?: { cause?: unknown }) {
    super(message, request, options);
    this.status = status;
  }
}

/** The client configuration is unusable (e.g. a plain `http://` URL to a non-loopback host). */
export class ConfigError extends Error {
  readonly kind = 'config' as const;
  override readonly name = 'ConfigError';
}
