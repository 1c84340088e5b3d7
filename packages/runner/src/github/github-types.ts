import type { Dispatcher } from 'undici';

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

/** Waits `ms` milliseconds; rejects as soon as `signal` aborts. */
export type GitHubSleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Progress of one request. Never contains a header, a body or the token. */
export interface GitHubEvent {
  kind: 'request' | 'response' | 'retry';
  operation: string;
  method: string;
  url: string;
  /** 1-based attempt number. */
  attempt: number;
  /** HTTP status, on `response` and on `retry` after an HTTP answer. */
  status?: number;
  /** Wait before the next attempt, on `retry`. */
  delayMs?: number;
  /** Why we retry, on `retry`. */
  reason?: 'primaryRateLimit' | 'secondaryRateLimit' | 'server' | 'transport';
}

/** How long the client keeps trying. Durations in milliseconds. */
export interface GitHubRetryPolicy {
  /** Attempts in total, the first included (default 5). */
  maxAttempts: number;
  /** Budget for one call, waits included (default 180 000). A wait that would exceed it is not started. */
  deadlineMs: number;
  /** First backoff after a 5xx or network failure (default 1 000); doubles each time, at most 30 000. */
  baseDelayMs: number;
}

/** The edges the client talks through; tests inject a loopback dispatcher, a fake clock and sleep. */
export interface GitHubClientDeps {
  dispatcher?: Dispatcher;
  sleep?: GitHubSleep;
  /** Milliseconds since the epoch. */
  now?: () => number;
  onEvent?: (event: GitHubEvent) => void;
  retry?: Partial<GitHubRetryPolicy>;
  /** Time for one attempt, headers and body together (default 30 000). */
  requestTimeoutMs?: number;
}

/** The defaults of {@link GitHubRetryPolicy}. */
export const defaultGitHubRetryPolicy: GitHubRetryPolicy = { maxAttempts: 5, deadlineMs: 180_000, baseDelayMs: 1_000 };
