import { parseErrorBody } from './github-error-message.js';
import { GitHubApiError, type GitHubRequestInfo } from './github-errors.js';
import type { GitHubRetryPolicy } from './github-types.js';
import type { RateLimitVerdict } from './rate-limit.js';

/** A rate limit that outlasted the retry budget: says which limit, until when, and when to re-run. */
export function rateLimitError(
  info: GitHubRequestInfo,
  answer: { status: number; json: unknown },
  wait: {
    verdict: Exclude<RateLimitVerdict, { kind: 'none' }>;
    waitMs: number;
    why: 'attempts' | 'deadline';
    attempt: number;
    nowMs: number;
  },
  policy: GitHubRetryPolicy,
  scrub: (text: string) => string,
): GitHubApiError {
  const { verdict, waitMs, attempt, nowMs } = wait;
  const body = parseErrorBody(answer.json);
  const githubMessage = body.message === undefined ? undefined : scrub(body.message);
  const which = verdict.kind === 'primary' ? 'rate limit' : 'secondary rate limit';
  const when =
    verdict.kind === 'primary'
      ? `It resets at ${new Date(verdict.resetAt).toISOString()} (in ${Math.ceil(waitMs / 1000)} s)`
      : `GitHub asks to wait ${Math.ceil(waitMs / 1000)} s`;
  const why =
    wait.why === 'attempts'
      ? `still limited after ${attempt} attempts`
      : `beyond the ${Math.round(policy.deadlineMs / 1000)} s retry deadline`;
  return new GitHubApiError(
    `GitHub's ${which} stopped ${info.operation} (${info.method} ${info.url}): HTTP ${answer.status}${githubMessage ? ` ${githubMessage}` : ''}. ` +
      `${when}, ${why}; re-run the job after ${new Date(nowMs + waitMs).toISOString()}.`,
    info,
    { reason: 'rateLimited', status: answer.status, githubMessage, documentationUrl: body.documentationUrl },
  );
}

/** No answer arrived. When a POST may have reached GitHub, says the comment may exist already. */
export function transportError(
  info: GitHubRequestInfo,
  code: string,
  maybeApplied: boolean,
  cause: unknown,
): GitHubApiError {
  return new GitHubApiError(
    `Could not reach GitHub for ${info.operation} (${info.method} ${info.url}): ${code}.` +
      (maybeApplied
        ? ' The comment may have been created anyway; re-run to update it.'
        : ' Check GITHUB_API_URL and the network.'),
    info,
    { reason: 'transport', code, maybeApplied },
    { cause },
  );
}

/** A response we cannot use (not JSON, a link to another host, endless pages). */
export function protocolError(info: GitHubRequestInfo, message: string, status?: number): GitHubApiError {
  return new GitHubApiError(message, info, { reason: 'protocol', ...(status === undefined ? {} : { status }) });
}

/** The caller's signal fired. */
export function abortedError(info: GitHubRequestInfo, cause: unknown): GitHubApiError {
  return new GitHubApiError(
    `${info.operation} was cancelled (${info.method} ${info.url})`,
    info,
    { reason: 'aborted' },
    { cause },
  );
}

/** Network codes that prove the request never left this machine: even a POST may be repeated after them. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when a failure with this code happened before any byte of the request could reach GitHub. */
export function neverReachedServer(code: string): boolean {
  return NOT_SENT.has(code);
}

/** The undici or system error code of a failure (`ETIMEDOUT` for our own timeout), or `UNKNOWN`. */
export function networkErrorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current.name === 'TimeoutError') return 'ETIMEDOUT';
    current = current.cause;
  }
  return 'UNKNOWN';
}
