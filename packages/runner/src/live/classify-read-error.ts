import { AbortedError, type HttpClientError } from '../http/errors.js';
import type { LiveReadFailure, LiveReadFailureReason } from './live-read-failure.js';

/** Atlas error codes that mean "no such project" for the caller. */
const NOT_FOUND_CODES = new Set(['GROUP_NOT_FOUND', 'INVALID_GROUP_ID', 'RESOURCE_NOT_FOUND', 'NOT_IN_GROUP']);

/** True for Atlas's refusal of an inactive organization, which live policy reports as `cmk/project-active`. */
export function isInactiveOrg(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as Partial<HttpClientError>).kind === 'api' &&
    (error as { errorCode?: string }).errorCode === 'INACTIVE_ORG'
  );
}

/**
 * Turn a failed read into a {@link LiveReadFailure} with an actionable message. Cancellation is not a
 * failure of the project: it is rethrown.
 */
export function classifyReadError(projectId: string, error: unknown): LiveReadFailure {
  if (error instanceof AbortedError) throw error;
  const err = error instanceof Error ? error : new Error(String(error));
  const typed = err as Partial<HttpClientError> & { status?: number; errorCode?: string };
  const reason = reasonOf(typed);
  return { kind: 'liveReadFailure', projectId, reason, message: messageFor(projectId, reason, err), error: err };
}

function reasonOf(error: Partial<HttpClientError> & { status?: number; errorCode?: string }): LiveReadFailureReason {
  switch (error.kind) {
    case 'api':
      if (error.status === 404 || NOT_FOUND_CODES.has(error.errorCode ?? '')) return 'notFound';
      if (error.status === 401) return 'unauthorized';
      if (error.status === 403) return 'forbidden';
      return 'unavailable';
    case 'auth':
      return 'unauthorized';
    case 'azureApi':
    case 'transport':
    case 'maybeApplied':
    case 'aborted':
    case 'config':
    case undefined:
      return 'unavailable';
    default: {
      const unexpected: never = error.kind;
      return unexpected;
    }
  }
}

function messageFor(projectId: string, reason: LiveReadFailureReason, error: Error): string {
  switch (reason) {
    case 'notFound':
      return `Project ${projectId} was not found in Atlas. Check spec.projectId, and that the credentials belong to the organization that owns the project. (${error.message})`;
    case 'unauthorized':
      return `Atlas rejected the credentials for project ${projectId}. Check that the API key or service account belongs to the project's organization, is not expired, and that this machine's IP is on its API access list. (${error.message})`;
    case 'forbidden':
      return `The credentials may not read project ${projectId}. Atlas lets only the Project Owner role list encryption-at-rest private endpoints, so grant the API key or service account Project Owner on this project. (${error.message})`;
    case 'unavailable':
      return `The live state of project ${projectId} could not be read. (${error.message})`;
    default: {
      const unexpected: never = reason;
      return unexpected;
    }
  }
}
