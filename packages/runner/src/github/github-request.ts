import { setTimeout as delay } from 'node:timers/promises';
import { request as undiciRequest } from 'undici';
import { errorForStatus, parseErrorBody } from './github-error-message.js';
import { GitHubApiError, type GitHubRequestInfo } from './github-errors.js';
import {
  defaultGitHubRetryPolicy,
  type GitHubClientDeps,
  type GitHubRetryPolicy,
  type GitHubSleep,
} from './github-types.js';
import { classifyRateLimit, type RateLimitVerdict } from './rate-limit.js';
import { redactSecrets } from './redact-secrets.js';

/** One logical call; it may be sent several times. */
export interface GitHubHttpRequest {
  operation: string;
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  body?: unknown;
}

/** A success answer: status, lower-case headers (first value) and the parsed JSON body. */
export interface GitHubHttpResponse {
  status: number;
  headers: Record<string, string | undefined>;
  json: unknown;
}

/** Sends one call to GitHub with the standard headers, bounded retries and typed errors. */
export type GitHubSend = (request: GitHubHttpRequest, signal?: AbortSignal) => Promise<GitHubHttpResponse>;

/** Network codes that prove the request never left this machine: even a POST may be repeated after them. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

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
    const started = now();
    let secondaryStreak = 0;

    for (let attempt = 1; ; attempt += 1) {
      if (signal?.aborted) throw aborted(info, signal.reason);
      emit({ kind: 'request', operation: info.operation, method: info.method, url: info.url, attempt });
      const wait = async (
        ms: number,
        reason: 'primaryRateLimit' | 'secondaryRateLimit' | 'server' | 'transport',
        failure: () => GitHubApiError,
        status?: number,
      ) => {
        if (attempt >= policy.maxAttempts || now() - started + ms > policy.deadlineMs) throw failure();
        emit({
          kind: 'retry',
          operation: info.operation,
          method: info.method,
          url: info.url,
          attempt,
          delayMs: ms,
          reason,
          ...(status === undefined ? {} : { status }),
        });
        try {
          await sleep(ms, signal);
        } catch (error) {
          throw aborted(info, error);
        }
      };

      let status: number;
      let responseHeaders: Record<string, string | undefined>;
      let text: string;
      try {
        const response = await undiciRequest(request.url, {
          method: request.method,
          headers: request.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          body: request.body === undefined ? null : JSON.stringify(request.body),
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
          dispatcher: deps.dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        status = response.statusCode;
        responseHeaders = flatten(response.headers);
        text = await response.body.text();
      } catch (error) {
        if (signal?.aborted) throw aborted(info, error);
        const code = errorCode(error);
        const maybeApplied = request.method === 'POST' && !NOT_SENT.has(code);
        const failure = () =>
          new GitHubApiError(
            `Could not reach GitHub for ${info.operation} (${info.method} ${info.url}): ${code}.` +
              (maybeApplied
                ? ' The comment may have been created anyway; re-run to update it.'
                : ' Check GITHUB_API_URL and the network.'),
            info,
            { reason: 'transport', code, maybeApplied },
            { cause: error },
          );
        if (maybeApplied) throw failure();
        await wait(backoff(policy, attempt), 'transport', failure);
        continue;
      }
      emit({ kind: 'response', operation: info.operation, method: info.method, url: info.url, attempt, status });
      const json = parseJson(text);
      if (status >= 200 && status < 300) {
        if (json === undefined)
          throw new GitHubApiError(
            `GitHub answered ${info.operation} (${info.method} ${info.url}) with HTTP ${status} but no JSON body. Check GITHUB_API_URL.`,
            info,
            { reason: 'protocol', status },
          );
        return { status, headers: responseHeaders, json };
      }
      const verdict = classifyRateLimit(
        { status, headers: responseHeaders, message: parseErrorBody(json).message },
        now(),
      );
      if (verdict.kind !== 'none') {
        secondaryStreak = verdict.kind === 'secondary' ? secondaryStreak + 1 : 0;
        // Without a retry-after, GitHub asks for exponentially longer waits while a secondary limit persists.
        const ms =
          verdict.kind === 'secondary' && verdict.source === 'default'
            ? verdict.waitMs * 2 ** (secondaryStreak - 1)
            : verdict.waitMs;
        await wait(
          ms,
          verdict.kind === 'primary' ? 'primaryRateLimit' : 'secondaryRateLimit',
          () => rateLimitError(info, status, json, verdict, ms, attempt, policy, now(), scrub),
          status,
        );
        continue;
      }
      if (status >= 500 && request.method !== 'POST') {
        await wait(backoff(policy, attempt), 'server', () => errorForStatus(status, json, info, scrub), status);
        continue;
      }
      throw errorForStatus(status, json, info, scrub, status >= 500);
    }
  };
}

function rateLimitError(
  info: GitHubRequestInfo,
  status: number,
  json: unknown,
  verdict: Exclude<RateLimitVerdict, { kind: 'none' }>,
  waitMs: number,
  attempt: number,
  policy: GitHubRetryPolicy,
  nowMs: number,
  scrub: (text: string) => string,
): GitHubApiError {
  const body = parseErrorBody(json);
  const githubMessage = body.message === undefined ? undefined : scrub(body.message);
  const which = verdict.kind === 'primary' ? 'rate limit' : 'secondary rate limit';
  const when =
    verdict.kind === 'primary'
      ? `It resets at ${new Date(verdict.resetAt).toISOString()} (in ${Math.ceil(waitMs / 1000)} s)`
      : `GitHub asks to wait ${Math.ceil(waitMs / 1000)} s`;
  const why =
    attempt >= policy.maxAttempts
      ? `still limited after ${attempt} attempts`
      : `beyond the ${Math.round(policy.deadlineMs / 1000)} s retry deadline`;
  return new GitHubApiError(
    `GitHub's ${which} stopped ${info.operation} (${info.method} ${info.url}): HTTP ${status}${githubMessage ? ` ${githubMessage}` : ''}. ` +
      `${when}, ${why}; re-run the job after ${new Date(nowMs + waitMs).toISOString()}.`,
    info,
    { reason: 'rateLimited', status, githubMessage, documentationUrl: body.documentationUrl },
  );
}

function aborted(info: GitHubRequestInfo, cause: unknown): GitHubApiError {
  return new GitHubApiError(
    `${info.operation} was cancelled (${info.method} ${info.url})`,
    info,
    { reason: 'aborted' },
    { cause },
  );
}

function backoff(policy: GitHubRetryPolicy, attempt: number): number {
  return Math.min(30_000, policy.baseDelayMs * 2 ** (attempt - 1));
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The undici/system error code of a failure, or `UNKNOWN`. */
function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.name === 'TimeoutError') return 'ETIMEDOUT';
    current = current.cause;
  }
  return 'UNKNOWN';
}
