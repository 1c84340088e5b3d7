import { GitHubApiError, type GitHubErrorReason, type GitHubRequestInfo } from './github-errors.js';

/** GitHub's error body: `message`, `documentation_url`, and for 422 a list of `errors`. */
export interface GitHubErrorBody {
  message?: string | undefined;
  documentationUrl?: string | undefined;
  details: string[];
}

/** Read GitHub's error body; tolerate anything (a proxy's HTML page gives an empty result). */
export function parseErrorBody(json: unknown): GitHubErrorBody {
  if (typeof json !== 'object' || json === null) return { details: [] };
  const body = json as { message?: unknown; documentation_url?: unknown; errors?: unknown };
  const details = Array.isArray(body.errors)
    ? body.errors
        .map((e: unknown) =>
          typeof e === 'string'
            ? e
            : typeof (e as { message?: unknown })?.message === 'string'
              ? String((e as { message: string }).message)
              : '',
        )
        .filter((d) => d !== '')
    : [];
  return {
    message: typeof body.message === 'string' ? body.message : undefined,
    documentationUrl: typeof body.documentation_url === 'string' ? body.documentation_url : undefined,
    details,
  };
}

/**
 * Turn a non-success, non-retried answer into a {@link GitHubApiError} whose message says what to do.
 * `scrub` removes known secrets from server text before it is kept.
 */
export function errorForStatus(
  status: number,
  json: unknown,
  request: GitHubRequestInfo,
  scrub: (text: string) => string,
  maybeApplied = false,
): GitHubApiError {
  const body = parseErrorBody(json);
  const githubMessage = body.message === undefined ? undefined : scrub(body.message);
  const details = body.details.map(scrub);
  const reason = reasonOf(status);
  const said = `HTTP ${status}${githubMessage ? ` ${githubMessage}` : ''}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
  const where = `${request.operation} (${request.method} ${request.url})`;
  const docs = body.documentationUrl ? ` See ${body.documentationUrl}` : '';
  return new GitHubApiError(`GitHub refused ${where}: ${said}. ${advice(reason, maybeApplied)}${docs}`, request, {
    reason,
    status,
    githubMessage,
    documentationUrl: body.documentationUrl,
    maybeApplied,
  });
}

function reasonOf(status: number): GitHubErrorReason {
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'notFound';
  if (status === 422) return 'validation';
  if (status >= 500) return 'server';
  return 'other';
}

function advice(reason: GitHubErrorReason, maybeApplied: boolean): string {
  switch (reason) {
    case 'auth':
      return 'Check that GITHUB_TOKEN holds a valid, unexpired token.';
    case 'permission':
      return (
        'The token may not comment on this pull request: it needs the pull-requests: write (or issues: write) permission. ' +
        'In GitHub Actions add `permissions: pull-requests: write` to the job; pull requests from forks get a read-only GITHUB_TOKEN.'
      );
    case 'notFound':
      return 'Check GITHUB_REPOSITORY and the pull request number, and that the token can read the repository.';
    case 'validation':
      return 'GitHub rejected the comment content.';
    case 'server':
      return maybeApplied
        ? 'The comment may have been created anyway; re-run to update it instead of adding another.'
        : 'GitHub is having trouble; try again later.';
    case 'rateLimited':
      return 'Wait for the rate limit to reset and re-run.';
    case 'transport':
    case 'protocol':
    case 'aborted':
    case 'other':
      return 'Check GITHUB_API_URL and try again.';
    default: {
      const unexpected: never = reason;
      return unexpected;
    }
  }
}
