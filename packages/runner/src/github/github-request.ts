import { setTimeout as delay } from 'node:timers/promises';
import {
  exchange,
  networkErrorCode,
  neverReachedServer,
  type GitHubHttpRequest,
  type GitHubHttpResponse,
} from './github-exchange.js';
import { errorForStatus, parseErrorBody } from './github-error-message.js';
import type { GitHubApiError, GitHubRequestInfo } from './github-errors.js';
import { abortedError, protocolError, rateLimitError, transportError } from './github-failures.js';
import {
  defaultGitHubRetryPolicy,
  type GitHubClientDeps,
  type GitHubEvent,
  type GitHubRetryPolicy,
  type GitHubSleep,
} from './github-types.js';
import { classifyRateLimit, parseRetryAfter } from './rate-limit.js';
import { redactSecrets } from './redact-secrets.js';

/** Sends one call to GitHub with the standard headers, bounded retries and typed errors. */
export type GitHubSend = (request: GitHubHttpRequest, signal?: AbortSignal) => Promise<GitHubHttpResponse>;

const realSleep: GitHubSleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});

/**
 * Create the sender. Rate limits (403/429 per {@link classifyRateLimit}) are waited out and retried for every
 * method, since GitHub refused the request before running it; 5xx answers and network failures are retried
 * for GET and PATCH only, because a POST may have created the comment already. Nothing waits past the
 * deadline: a wait that would cross it fails at once with a message saying when to come back.
 */
export function createGitHubSend(token: string, deps: GitHubClientDeps = {}): GitHubSend {
  const policy: GitHubRetryPolicy = { ...defaultGitHubRetryPolicy, ...deps.retry };
  const sleep = deps.sleep ?? realSleep;
  const now = deps.now ?? Date.now;
  const emit = deps.onEvent ?? (() => undefined);
  const timeoutMs = deps.requestTimeoutMs ?? 30_000;
  const scrub = (text: string): string => redactSecrets(text, [token]);
  const headers = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    authorization: `Bearer ${token}`,
    'user-agent': 'atlas-cmk',
  };

  return async (request, signal) => {
    const info: GitHubRequestInfo = { operation: request.operation, method: request.method, url: scrub(request.url) };
    const event = { operation: info.operation, method: info.method, url: info.url };
    const started = now();
    let secondaryStreak = 0;

    for (let attempt = 1; ; attempt += 1) {
      if (signal?.aborted) throw abortedError(info, signal.reason);
      // Waits before the next attempt, or throws `failure()` when attempts or the deadline are used up.
      const wait = async (
        ms: number,
        reason: NonNullable<GitHubEvent['reason']>,
        failure: () => GitHubApiError,
        status?: number,
      ) => {
        if (attempt >= policy.maxAttempts || now() - started + ms > policy.deadlineMs) throw failure();
        emit({ kind: 'retry', ...event, attempt, delayMs: ms, reason, ...(status === undefined ? {} : { status }) });
        try {
          await sleep(ms, signal);
        } catch (error) {
          throw abortedError(info, error);
        }
      };

      emit({ kind: 'request', ...event, attempt });
      let answer: GitHubHttpResponse;
      try {
        answer = await exchange(request, { headers, timeoutMs, dispatcher: deps.dispatcher, signal });
      } catch (error) {
        if (signal?.aborted) throw abortedError(info, error);
        const code = networkErrorCode(error);
        const maybeApplied = request.method === 'POST' && !neverReachedServer(code);
        if (maybeApplied) throw transportError(info, code, true, error);
        await wait(backoff(policy, attempt), 'transport', () => transportError(info, code, false, error));
        continue;
      }
      const { status, json } = answer;
      emit({ kind: 'response', ...event, attempt, status });
      if (status >= 200 && status < 300) {
        if (json === undefined) throw protocolError(info, status);
        return answer;
      }
      const verdict = classifyRateLimit(
        { status, headers: answer.headers, message: parseErrorBody(json).message },
        now(),
      );
      if (verdict.kind !== 'none') {
        secondaryStreak = verdict.kind === 'secondary' ? secondaryStreak + 1 : 0;
        // Without a retry-after, GitHub asks for exponentially longer waits while a secondary limit persists.
        const ms =
          verdict.kind === 'secondary' && verdict.source === 'default'
            ? verdict.waitMs * 2 ** (secondaryStreak - 1)
            : verdict.waitMs;
        const reason = verdict.kind === 'primary' ? 'primaryRateLimit' : 'secondaryRateLimit';
        await wait(
          ms,
          reason,
          () => rateLimitError(info, answer, { verdict, waitMs: ms, attempt, nowMs: now() }, policy, scrub),
          status,
        );
        continue;
      }
      if (status >= 500 && request.method !== 'POST') {
        // A 503 may say when to come back; never come back sooner than that.
        const retryAfter = parseRetryAfter(answer.headers['retry-after'], now()) ?? 0;
        const ms = Math.max(backoff(policy, attempt), retryAfter);
        await wait(ms, 'server', () => errorForStatus(status, json, info, scrub), status);
        continue;
      }
      throw errorForStatus(status, json, info, scrub, status >= 500);
    }
  };
}

/** Exponential backoff after a 5xx or a network failure: base, 2×base, 4×base, … at most 30 s. */
function backoff(policy: GitHubRetryPolicy, attempt: number): number {
  return Math.min(30_000, policy.baseDelayMs * 2 ** (attempt - 1));
}
