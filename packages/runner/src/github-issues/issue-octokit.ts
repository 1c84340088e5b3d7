import type { Octokit } from '@octokit/core';
import type { paginateRest } from '@octokit/plugin-paginate-rest';
import type { DriftIssueConfig } from './drift-issue-config.js';

/** The Octokit that keeps the drift issue. */
export type DriftIssueOctokit = Octokit & ReturnType<typeof paginateRest>;

/** Knobs of {@link createIssueOctokit}; tests shorten the waits. */
export interface IssueOctokitOptions {
  /** The longest rate-limit wait accepted (GitHub's `retry-after` / reset), default 60 s; longer ones fail. */
  maxRateLimitWaitMs?: number;
  /** Retries of a rate-limited request, default 2. */
  rateLimitRetries?: number;
  /** Time for one attempt (default 30 s). */
  requestTimeoutMs?: number;
}

/**
 * Octokit with pagination, retries of transient failures (5xx, network; never for a create, whose caller re-reads
 * instead) and GitHub's rate limits waited out as GitHub asks, within a bound. The token goes only to `apiUrl`.
 */
export async function createIssueOctokit(
  config: DriftIssueConfig,
  options: IssueOctokitOptions = {},
): Promise<DriftIssueOctokit> {
  // Loaded only when an issue is kept: every other command that imports the runner starts without Octokit.
  const [{ Octokit }, { paginateRest }, { retry }, { throttling }] = await Promise.all([
    import('@octokit/core'),
    import('@octokit/plugin-paginate-rest'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
  const IssueOctokit = Octokit.plugin(paginateRest, retry, throttling);
  const maxWaitMs = options.maxRateLimitWaitMs ?? 60_000;
  const retries = options.rateLimitRetries ?? 2;
  const accept = (retryAfterSeconds: number, _options: unknown, _octokit: unknown, retryCount: number): boolean =>
    retryCount < retries && retryAfterSeconds * 1000 <= maxWaitMs;
  const origin = new URL(config.apiUrl).origin;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  return new IssueOctokit({
    auth: config.token,
    baseUrl: config.apiUrl,
    userAgent: 'atlas-cmk',
    request: {
      // The token goes to the API's origin only (a pagination link to another host is refused before sending), and
      // each attempt has its own timeout besides the caller's signal.
      fetch: (input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(input instanceof Request ? input.url : input);
        if (url.origin !== origin)
          return Promise.reject(new Error(`refusing to send the GitHub token to ${url.origin} (not ${origin})`));
        const timeout = AbortSignal.timeout(timeoutMs);
        return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
      },
    },
    headers: { 'x-github-api-version': '2022-11-28' },
    throttle: { onRateLimit: accept, onSecondaryRateLimit: accept },
  });
}
