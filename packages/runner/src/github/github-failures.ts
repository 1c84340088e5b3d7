import { parseErrorBody } from './github-error-message.js';
import { GitHubApiError, type GitHubRequestInfo } from './github-errors.js';
import type { GitHubRetryPolicy } from './github-types.js';
import type { RateLimitVerdict } from './rate-limit.js';

/** A rate limit that outlasted the retry budget: says which limit, until when, and when to re-run. */
export function rateLimitError(
  info: GitHubRequestInfo,
  answer: { status: number; json: unknown },
  wait: { verdict: Exclude<RateLimitVerdict, { kind: 'none' }>; waitMs: number; attempt: number; nowMs: number },
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
    attempt >= policy.maxAttempts
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

/** A success status whose body is not JSON: not GitHub's REST API. */
export function protocolError(info: GitHubRequestInfo, status: number): GitHubApiError {
  return new GitHubApiError(
    `GitHub answered ${info.operation} (${info.method} ${info.url}) with HTTP ${status} but no JSON body. Check GITHUB_API_URL.`,
    info,
    { reason: 'protocol', status },
  );
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
