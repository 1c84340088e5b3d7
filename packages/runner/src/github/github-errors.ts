/**
 * Typed errors of the GitHub client. Callers branch on `reason`, never on message text. Messages name the
 * operation, the method and the URL (which never carries the token: it travels in a header), say what to do
 * next, and contain server text only after the known secrets were scrubbed from it.
 */

/** Why a GitHub call failed. */
export type GitHubErrorReason =
  | 'auth' // 401: the token is missing, malformed, expired or revoked
  | 'permission' // 403 that is not a rate limit: the token lacks a permission
  | 'notFound' // 404: wrong repository or pull request, or a token that cannot see it
  | 'validation' // 422: GitHub refused the content (e.g. a body over 65,536 characters)
  | 'rateLimited' // primary or secondary rate limit that outlasted the retry budget
  | 'server' // 5xx that outlasted the retry budget
  | 'transport' // no response at all: refused, reset, timed out
  | 'protocol' // a response we cannot use: not JSON, a pagination link to another host, too many pages
  | 'aborted' // the caller's signal fired
  | 'other'; // any other status

/** Where the failing request went. `url` never contains a credential. */
export interface GitHubRequestInfo {
  /** `listIssueComments`, `createIssueComment` or `updateIssueComment`. */
  operation: string;
  method: string;
  url: string;
}

/** Fields of a {@link GitHubApiError}. */
export interface GitHubErrorFields {
  reason: GitHubErrorReason;
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** GitHub's `message`, scrubbed of known secrets. */
  githubMessage?: string | undefined;
  /** GitHub's `documentation_url`. */
  documentationUrl?: string | undefined;
  /** Network error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, …) for `transport`. */
  code?: string | undefined;
  /**
   * True when a non-idempotent request (creating a comment) failed after it may have reached GitHub: it is
   * not repeated blindly; re-read the comments first.
   */
  maybeApplied?: boolean;
}

/** A failed GitHub REST call. */
export class GitHubApiError extends Error {
  readonly kind = 'githubApi' as const;
  override readonly name = 'GitHubApiError';
  readonly reason: GitHubErrorReason;
  readonly status: number | undefined;
  readonly githubMessage: string | undefined;
  readonly documentationUrl: string | undefined;
  readonly code: string | undefined;
  readonly maybeApplied: boolean;
  readonly operation: string;
  readonly method: string;
  readonly url: string;

  constructor(message: string, request: GitHubRequestInfo, fields: GitHubErrorFields, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = fields.reason;
    this.status = fields.status;
    this.githubMessage = fields.githubMessage;
    this.documentationUrl = fields.documentationUrl;
    this.code = fields.code;
    this.maybeApplied = fields.maybeApplied ?? false;
    this.operation = request.operation;
    this.method = request.method;
    this.url = request.url;
  }
}

/** The GitHub settings are unusable (a missing variable, a bad URL, an unreadable event file, a bad key). */
export class GitHubConfigError extends Error {
  readonly kind = 'githubConfig' as const;
  override readonly name = 'GitHubConfigError';
  /** Names of the environment variables or options that are missing. */
  readonly missing: readonly string[];

  constructor(message: string, missing: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.missing = missing;
  }
}
