import type { LiveProjectState } from '@atlas-cmk/core';

/** Why a project's live state could not be read. */
export type LiveReadFailureReason =
  | 'notFound' // GROUP_NOT_FOUND / INVALID_GROUP_ID / 404: wrong id, or a project of another organization
  | 'unauthorized' // 401 or a refused service account token: credentials not valid for this project
  | 'forbidden' // 403: valid credentials without a role that may read the project
  | 'unavailable'; // network failure, 5xx or 429 after retries, or an unreadable response

/** A project whose live state could not be read, with a message that names it and says what to check. */
export interface LiveReadFailure {
  kind: 'liveReadFailure';
  projectId: string;
  reason: LiveReadFailureReason;
  message: string;
  /** The underlying typed error (`AtlasApiError`, `TransportError`, `AuthError`, …). */
  error: Error;
}

/** Narrow a value of the {@link readLiveState} map. */
export function isLiveReadFailure(value: LiveProjectState | LiveReadFailure): value is LiveReadFailure {
  return (value as Partial<LiveReadFailure>).kind === 'liveReadFailure';
}
