import { apiBase, checkGitHubApiUrl } from './api-url.js';
import { GitHubApiError, GitHubConfigError } from './github-errors.js';
import { createGitHubSend } from './github-request.js';
import type { GitHubClientDeps, IssueComment } from './github-types.js';
import { linkUrl } from './link-header.js';
import { redactSecrets } from './redact-secrets.js';

/** Comments on one pull request (GitHub models a pull request's conversation as an issue). */
export interface IssueRef {
  owner: string;
  repo: string;
  /** The pull request (issue) number. */
  issueNumber: number;
}

/** The three calls a sticky comment needs. Every method throws {@link GitHubApiError} on failure. */
export interface GitHubClient {
  /** Every comment of the issue, oldest first, following `Link: rel="next"` across all pages of 100. */
  listIssueComments(ref: IssueRef, signal?: AbortSignal): Promise<IssueComment[]>;
  /** Create a comment; GitHub answers 201 with the comment. */
  createIssueComment(ref: IssueRef, body: string, signal?: AbortSignal): Promise<IssueComment>;
  /** Replace a comment's body in place. */
  updateIssueComment(
    ref: Omit<IssueRef, 'issueNumber'> & { commentId: number },
    body: string,
    signal?: AbortSignal,
  ): Promise<IssueComment>;
}

/** Settings of the client: the token and `GITHUB_API_URL`. */
export interface GitHubClientConfig {
  token: string;
  apiUrl: string;
}

/** Stop following `next` links after this many pages (10 000 comments): a server that loops never ends us. */
const MAX_PAGES = 100;

/**
 * Create a GitHub REST client on undici. It sends `Accept: application/vnd.github+json`,
 * `X-GitHub-Api-Version: 2022-11-28`, `Authorization: Bearer <token>` and `User-Agent: atlas-cmk`; follows
 * pagination links only on the API's own origin (the token is never sent elsewhere); and throws
 * {@link GitHubConfigError} at once for an API URL that {@link checkGitHubApiUrl} refuses.
 */
export function createGitHubClient(config: GitHubClientConfig, deps: GitHubClientDeps = {}): GitHubClient {
  const problem = checkGitHubApiUrl(config.apiUrl);
  if (problem) throw new GitHubConfigError(problem);
  const base = apiBase(config.apiUrl);
  const origin = new URL(base).origin;
  const send = createGitHubSend(config.token, deps);
  const repoPath = (owner: string, repo: string): string =>
    `${base}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;

  return {
    async listIssueComments(ref, signal) {
      const comments: IssueComment[] = [];
      const seen = new Set<string>();
      let url: string | undefined = `${repoPath(ref.owner, ref.repo)}/issues/${ref.issueNumber}/comments?per_page=100`;
      while (url !== undefined) {
        // The URL may come from a server's Link header: scrub it before it can reach a message.
        const info = { operation: 'listIssueComments', method: 'GET', url: redactSecrets(url, [config.token]) };
        if (seen.size >= MAX_PAGES || seen.has(url)) {
          throw new GitHubApiError(
            `GitHub's comment pagination did not end after ${seen.size} pages (at ${info.url}).`,
            info,
            { reason: 'protocol' },
          );
        }
        if (new URL(url).origin !== origin) {
          throw new GitHubApiError(
            `GitHub's pagination link points to another host (${new URL(url).origin}); the token is not sent there.`,
            info,
            { reason: 'protocol' },
          );
        }
        seen.add(url);
        const response = await send({ operation: 'listIssueComments', method: 'GET', url }, signal);
        if (!Array.isArray(response.json)) {
          throw new GitHubApiError(
            `GitHub answered listIssueComments (GET ${info.url}) with something other than a list of comments. Check GITHUB_API_URL.`,
            info,
            { reason: 'protocol', status: response.status },
          );
        }
        comments.push(...response.json.map((item) => asComment(item, info)));
        const next = linkUrl(response.headers.link, 'next');
        url = next === undefined ? undefined : new URL(next, url).toString();
      }
      return comments;
    },

    async createIssueComment(ref, body, signal) {
      const url = `${repoPath(ref.owner, ref.repo)}/issues/${ref.issueNumber}/comments`;
      const response = await send({ operation: 'createIssueComment', method: 'POST', url, body: { body } }, signal);
      return asComment(response.json, { operation: 'createIssueComment', method: 'POST', url });
    },

    async updateIssueComment(ref, body, signal) {
      const url = `${repoPath(ref.owner, ref.repo)}/issues/comments/${ref.commentId}`;
      const response = await send({ operation: 'updateIssueComment', method: 'PATCH', url, body: { body } }, signal);
      return asComment(response.json, { operation: 'updateIssueComment', method: 'PATCH', url });
    },
  };
}

/** Check the fields atlas-cmk relies on; GitHub's other fields pass through untouched. */
function asComment(value: unknown, info: { operation: string; method: string; url: string }): IssueComment {
  const c = value as Partial<IssueComment> | null;
  if (
    typeof c !== 'object' ||
    c === null ||
    typeof c.id !== 'number' ||
    typeof c.html_url !== 'string' ||
    typeof c.created_at !== 'string' ||
    typeof c.updated_at !== 'string' ||
    (c.body !== undefined && c.body !== null && typeof c.body !== 'string')
  ) {
    throw new GitHubApiError(
      `GitHub answered ${info.operation} (${info.method} ${info.url}) with a comment missing id, html_url, created_at or updated_at.`,
      info,
      { reason: 'protocol' },
    );
  }
  return { ...c, body: c.body ?? '', user: c.user ?? null } as IssueComment;
}
