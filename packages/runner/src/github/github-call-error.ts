import { errorForStatus } from './github-error-message.js';
import { GitHubApiError } from './github-errors.js';
import {
  abortedError,
  networkErrorCode,
  neverReachedServer,
  rateLimitError,
  transportError,
} from './github-failures.js';
import type { CallState, GitHubOctokit } from './github-octokit.js';
import { classifyRateLimit } from './rate-limit.js';

interface OctokitFailure {
  name?: string;
  status?: number;
  response?: { status: number; headers: Record<string, string | number | undefined>; data: unknown };
  cause?: unknown;
}

/**
 * The {@link GitHubApiError} for whatever a call through Octokit threw: the caller's cancel, no answer at all
 * (with whether a POST may have reached GitHub), a rate limit that was not waited out (which limit, until when,
 * why not), or GitHub's refusal with advice. Server text is scrubbed of known secrets first.
 */
export function callError(error: unknown, call: CallState, gh: GitHubOctokit): GitHubApiError {
  if (error instanceof GitHubApiError) return error;
  const { info } = call;
  if (call.signal?.aborted) return abortedError(info, error);
  const failure = (error ?? {}) as OctokitFailure;
  const response = failure.response;
  if (response === undefined) {
    const code = networkErrorCode(failure.cause ?? error);
    const maybeApplied = info.method === 'POST' && !neverReachedServer(code);
    return transportError(info, code, maybeApplied, error);
  }
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(response.headers))
    headers[name.toLowerCase()] = value === undefined ? undefined : String(value);
  const message = (response.data as { message?: unknown } | null)?.message;
  const verdict = classifyRateLimit(
    { status: response.status, headers, message: typeof message === 'string' ? message : undefined },
    gh.now(),
  );
  if (verdict.kind !== 'none') {
    const declined = call.declined ?? { why: 'attempts' as const, waitMs: verdict.waitMs, attempt: call.attempts };
    return rateLimitError(
      info,
      { status: response.status, json: response.data },
      { verdict, waitMs: declined.waitMs, why: declined.why, attempt: declined.attempt, nowMs: gh.now() },
      gh.policy,
      gh.scrub,
    );
  }
  return errorForStatus(
    response.status,
    response.data,
    info,
    gh.scrub,
    response.status >= 500 && info.method === 'POST',
  );
}
