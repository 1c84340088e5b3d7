/** A GitHub user as issue comments embed it (trimmed). */
export interface GitHubUser {
  login: string;
  id: number;
  /** `User`, `Bot` or `Organization`. */
  type?: string;
}

/** An issue (or pull request) comment in GitHub's own response shape, trimmed to what atlas-cmk reads. */
export interface IssueComment {
  id: number;
  node_id?: string;
  /** API URL of the comment. */
  url?: string;
  /** Where a person sees the comment. */
  html_url: string;
  body: string;
  /** `null` when the author's account was deleted. */
  user: GitHubUser | null;
  created_at: string;
  updated_at: string;
}

/** Progress of one request. Never contains a header, a body or the token. */
export interface GitHubEvent {
  kind: 'request' | 'response' | 'retry';
  operation: string;
  method: string;
  url: string;
  /** 1-based attempt number of the logical call. */
  attempt: number;
  /** HTTP status, on `response` and on `retry` after an HTTP answer. */
  status?: number;
  /** Wait before the next attempt, on `retry` after a rate limit. */
  delayMs?: number;
  /** Why we retry, on `retry`. */
  reason?: 'primaryRateLimit' | 'secondaryRateLimit';
}

/** How long the client keeps trying. Durations in milliseconds. */
export interface GitHubRetryPolicy {
  /** Attempts in total, the first included (default 5). */
  maxAttempts: number;
  /** Budget for one call, rate-limit waits included (default 180 000). A wait that would exceed it is not started. */
  deadlineMs: number;
}

/** The edges the client talks through. */
export interface GitHubClientDeps {
  /** The fetch implementation (default: Node's). */
  fetch?: typeof fetch;
  onEvent?: (event: GitHubEvent) => void;
  retry?: Partial<GitHubRetryPolicy>;
  /** Time for one attempt, headers and body together (default 30 000). */
  requestTimeoutMs?: number;
  /**
   * Milliseconds per second of every wait (rate-limit resets, `retry-after`, backoff after a 5xx); default 1 000.
   * Tests against a local stand-in make it small so that real waits stay short; the decisions (retry or give up,
   * deadline) always use GitHub's real figures.
   */
  msPerSecond?: number;
}

/** The defaults of {@link GitHubRetryPolicy}. */
export const defaultGitHubRetryPolicy: GitHubRetryPolicy = { maxAttempts: 5, deadlineMs: 180_000 };
