import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GitHubApiError, GitHubRequestInfo } from './github-errors.js';
import { protocolError } from './github-failures.js';
import {
  defaultGitHubRetryPolicy,
  type GitHubClientDeps,
  type GitHubEvent,
  type GitHubRetryPolicy,
} from './github-types.js';
import { redactSecrets } from './redact-secrets.js';

/**
 * What one logical call (an operation, perhaps several attempts and pages) carries through Octokit's request
 * options (`request.call`), so that the hooks and the rate-limit handlers see which call they serve.
 */
export interface CallState {
  info: GitHubRequestInfo;
  /** When the call started (ms since the epoch). */
  started: number;
  /** Attempts sent so far, pages and retries included. */
  attempts: number;
  /** Why the last rate limit was not waited out, with GitHub's figures. */
  declined?: { why: 'attempts' | 'deadline'; waitMs: number; attempt: number };
  signal?: AbortSignal | undefined;
}

/** The configured Octokit and what the client needs besides it. */
export interface GitHubOctokit {
  octokit: InstanceType<typeof ConfiguredOctokit>;
  policy: GitHubRetryPolicy;
  scrub: (text: string) => string;
  now: () => number;
}

type Emit = (event: GitHubEvent) => void;

const eventOf =
  (emit: Emit) =>
  (call: CallState, kind: GitHubEvent['kind'], extra: Partial<GitHubEvent> = {}): void =>
    emit({
      kind,
      operation: call.info.operation,
      method: call.info.method,
      url: call.info.url,
      attempt: call.attempts,
      ...extra,
    });

/** Settings of {@link guard}, passed as the constructor option `atlasCmk`. */
interface GuardOptions {
  origin: string;
  emit: Emit;
}

/**
 * Innermost plugin (listed first, so its hooks run once per attempt, inside the retry and throttling plugins):
 * refuses a URL outside the API's origin before the token is sent, counts attempts and reports them.
 */
function guard(octokit: Octokit, options: unknown): void {
  const settings = (options as { atlasCmk?: GuardOptions }).atlasCmk;
  if (settings === undefined) return;
  const event = eventOf(settings.emit);
  octokit.hook.before('request', (request) => {
    const call = callOf(request);
    if (call === undefined) return;
    // Hooks see the options before expansion: a route template and a base URL, or a page's absolute link.
    const target = new URL(octokit.request.endpoint.parse(request).url).origin;
    if (target !== settings.origin) {
      throw protocolError(
        call.info,
        `GitHub's pagination link points to another host (${target}); the token is not sent there.`,
      ) satisfies GitHubApiError;
    }
    call.attempts += 1;
    event(call, 'request');
  });
  octokit.hook.after('request', (response, request) => {
    const call = callOf(request);
    if (call) event(call, 'response', { status: response.status });
  });
  octokit.hook.error('request', (error, request) => {
    const call = callOf(request);
    const status = (error as { response?: { status?: number } }).response?.status;
    if (call && status !== undefined) event(call, 'response', { status });
    throw error;
  });
}

const ConfiguredOctokit = Octokit.plugin(guard, paginateRest, retry, throttling);

interface HookOptions {
  method?: string;
  url?: string;
  request?: { call?: CallState };
}

const callOf = (options: unknown): CallState | undefined => (options as HookOptions).request?.call;

/**
 * Octokit with its pagination, retry and throttling plugins, set up for atlas-cmk:
 *
 * - Rate limits (primary and secondary, 403 or 429) are waited out by the throttling plugin as GitHub asks, on any
 *   method (GitHub refused the request before running it), while the call stays within `maxAttempts` and the
 *   `deadlineMs` budget; otherwise the handler declines and says why in the call state.
 * - 5xx answers and network failures are retried by the retry plugin with its backoff, except for a POST, which
 *   may have created the comment already (the caller re-reads instead).
 * - Every attempt is checked and reported by an innermost hook: a URL outside the API's origin (a pagination link
 *   to another host) is refused before the token can be sent there, and `request`/`response`/`retry` events never
 *   carry a header or a body.
 * - Each attempt has its own timeout; the caller's signal cancels it.
 */
export function createGitHubOctokit(
  config: { token: string; baseUrl: string },
  deps: GitHubClientDeps = {},
): GitHubOctokit {
  const policy: GitHubRetryPolicy = { ...defaultGitHubRetryPolicy, ...deps.retry };
  const now = Date.now;
  const emit = deps.onEvent ?? (() => undefined);
  const scrub = (text: string): string => redactSecrets(text, [config.token]);
  const timeoutMs = deps.requestTimeoutMs ?? 30_000;
  const msPerSecond = deps.msPerSecond ?? 1000;
  const origin = new URL(config.baseUrl).origin;
  const baseFetch = deps.fetch ?? globalThis.fetch;

  const event = eventOf(emit);

  const limit =
    (reason: 'primaryRateLimit' | 'secondaryRateLimit') =>
    (retryAfter: number, options: unknown, _octokit: unknown, retryCount: number): boolean => {
      const call = callOf(options);
      if (call === undefined || call.signal?.aborted) return false;
      const waitMs = retryAfter * 1000;
      const attempt = retryCount + 1;
      if (attempt >= policy.maxAttempts) {
        call.declined = { why: 'attempts', waitMs, attempt };
        return false;
      }
      if (now() - call.started + waitMs > policy.deadlineMs) {
        call.declined = { why: 'deadline', waitMs, attempt };
        return false;
      }
      event(call, 'retry', { delayMs: waitMs, reason });
      return true;
    };

  const octokit = new ConfiguredOctokit({
    atlasCmk: { origin, emit } satisfies GuardOptions,
    auth: config.token,
    baseUrl: config.baseUrl,
    userAgent: 'atlas-cmk',
    request: {
      fetch: (input: string | URL | Request, init?: RequestInit) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        return baseFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
      },
    },
    retry: {
      retries: policy.maxAttempts - 1,
      retryAfterBaseValue: msPerSecond,
      // Rate limits (403, 429) are the throttling plugin's; the rest of 4xx cannot get better by asking again.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    throttle: {
      retryAfterBaseValue: msPerSecond,
      onRateLimit: limit('primaryRateLimit'),
      onSecondaryRateLimit: limit('secondaryRateLimit'),
    },
  });
  return { octokit, policy, scrub, now };
}
