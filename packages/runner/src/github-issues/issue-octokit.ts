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
  return new IssueOctokit({
    auth: config.token,
    baseUrl: config.apiUrl,
    userAgent: 'atlas-cmk',
    headers: { 'x-github-api-version': '2022-11-28' },
    throttle: { onRateLimit: accept, onSecondaryRateLimit: accept },
  });
}
