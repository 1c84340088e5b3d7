import { AtlasApiError, AuthError, AzureApiError, HttpClientError } from '../http/errors.js';
import { hintFor } from './hints.js';

/** What a failed step reports: written for the person running apply, never containing a secret. */
export interface StepErrorInfo {
  message: string;
  errorCode?: string;
  status?: number;
  hint?: string;
}

/** A step failure with a message written for the user. Thrown by step handlers; becomes `step.failed`. */
export class StepError extends Error {
  override readonly name = 'StepError';
  readonly info: StepErrorInfo;

  constructor(info: StepErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.info = info;
  }
}

/**
 * Turn anything a step threw into what `step.failed` reports. HTTP errors keep Atlas's `errorCode` and
 * status and get the hint of {@link hintFor}; their messages are the clients' redacted ones. An unknown
 * error keeps only its message (clients scrub secrets; handlers never put one in an error).
 */
export function toStepErrorInfo(error: unknown): StepErrorInfo {
  if (error instanceof StepError) return error.info;
  if (error instanceof AtlasApiError && error.errorCode === 'INACTIVE_ORG') {
    // Reported under the policy rule that covers it, never as a raw HTTP error (PRODUCT.md, cmk/project-active).
    return withHint(
      {
        message: 'cmk/project-active: the project belongs to an inactive organization, so Atlas refuses every change.',
        errorCode: error.errorCode,
        status: error.status,
      },
      hintFor(error.errorCode),
    );
  }
  if (error instanceof AtlasApiError) {
    const hint = hintFor(error.errorCode) ?? (error.status === 429 ? hintFor('RATE_LIMITED') : undefined);
    return withHint({ message: error.message, errorCode: error.errorCode, status: error.status }, hint);
  }
  if (error instanceof AzureApiError) {
    return { message: error.message, errorCode: error.code, status: error.status };
  }
  if (error instanceof AuthError) {
    // Sign-in failed: either the identity was refused or the sign-in endpoint could not be reached.
    return {
      message: error.message,
      ...(error.status !== undefined ? { status: error.status } : {}),
      hint: `Check the network path to ${serviceOf(error)} and the identity it signs in with (the message says which failed), then run atlas-cmk apply again: it re-reads live state and continues.`,
    };
  }
  if (error instanceof HttpClientError) {
    return {
      message: error.message,
      hint: `Check the network path to ${serviceOf(error)}, then run atlas-cmk apply again: it re-reads live state and continues.`,
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Which service a failed request went to: Azure (Entra ID sign-in, Resource Manager) or Atlas. */
function serviceOf(error: HttpClientError): 'Atlas' | 'Azure' {
  return error.operation === 'getEntraToken' || error.operation.startsWith('arm') ? 'Azure' : 'Atlas';
}

/** The `errorCode` of an Atlas error, if `error` is one. */
export function atlasErrorCode(error: unknown): string | undefined {
  return error instanceof AtlasApiError ? error.errorCode : undefined;
}

/** True when `error` is an Atlas answer with this HTTP status. */
export function isAtlasStatus(error: unknown, status: number): boolean {
  return error instanceof AtlasApiError && error.status === status;
}

function withHint(info: StepErrorInfo, hint: string | undefined): StepErrorInfo {
  return hint === undefined ? info : { ...info, hint };
}
