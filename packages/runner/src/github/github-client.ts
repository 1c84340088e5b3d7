import { apiBase, checkGitHubApiUrl } from './api-url.js';
import { callError } from './github-call-error.js';
import { GitHubConfigError, type GitHubRequestInfo } from './github-errors.js';
import { protocolError } from './github-failures.js';
import type { CallState, GitHubOctokit } from './github-octokit.js';
import type { GitHubClientDeps, IssueComment } from './github-types.js';

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

/** GitHub's media type and the REST API version atlas-cmk is written against. */
const HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' } as const;

type Request = (options: Record<string, unknown>) => Promise<{ status: number; url: string; data: unknown }>;

/**
 * The GitHub REST client of `atlas-cmk comment`, on Octokit (see `createGitHubOctokit` for retries, rate limits
 * and the checks on every attempt). Throws {@link GitHubConfigError} at once for an API URL that
 * {@link checkGitHubApiUrl} refuses.
 */
export function createGitHubClient(config: GitHubClientConfig, deps: GitHubClientDeps = {}): GitHubClient {
  const problem = checkGitHubApiUrl(config.apiUrl);
  if (problem) throw new GitHubConfigError(problem);
  const baseUrl = apiBase(config.apiUrl);
  // Octokit is loaded on the first call, not with this module: every command that imports the runner and never
  // talks to GitHub (plan, apply, status…) starts without it.
  let loading: Promise<GitHubOctokit> | undefined;
  const ready = (): Promise<GitHubOctokit> =>
    (loading ??= import('./github-octokit.js').then((m) =>
      m.createGitHubOctokit({ token: config.token, baseUrl }, deps),
    ));
  const repoPath = (owner: string, repo: string): string =>
    `${baseUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;

  const start = (gh: GitHubOctokit, info: GitHubRequestInfo, signal: AbortSignal | undefined): CallState => ({
    info: { ...info, url: gh.scrub(info.url) },
    started: gh.now(),
    attempts: 0,
    signal,
  });
  /** `octokit.request` with the call's state and signal on every attempt and page. */
  const requestFor = ({ octokit }: GitHubOctokit, call: CallState, extra: Record<string, unknown> = {}): Request =>
    Object.assign(
      (options: Record<string, unknown>) =>
        octokit.request({
          ...options,
          headers: { ...(options.headers as object), ...HEADERS },
          request: { ...(options.request as object), ...extra, call, signal: call.signal },
        } as never) as ReturnType<Request>,
      { endpoint: octokit.request.endpoint },
    );

  return {
    async listIssueComments(ref, signal) {
      const url = `${repoPath(ref.owner, ref.repo)}/issues/${ref.issueNumber}/comments?per_page=100`;
      const gh = await ready();
      const call = start(gh, { operation: 'listIssueComments', method: 'GET', url }, signal);
      const comments: IssueComment[] = [];
      const seen = new Set<string>();
      try {
        const pages = gh.octokit.paginate.iterator(
          requestFor(gh, call) as never,
          {
            method: 'GET',
            url: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
            owner: ref.owner,
            repo: ref.repo,
            issue_number: ref.issueNumber,
            per_page: 100,
          } as never,
        ) as AsyncIterable<{ url: string; status: number; data: unknown }>;
        for await (const page of pages) {
          if (seen.has(page.url) || seen.size >= MAX_PAGES) {
            throw protocolError(
              call.info,
              `GitHub's comment pagination did not end after ${seen.size} pages (at ${gh.scrub(page.url)}).`,
            );
          }
          seen.add(page.url);
          if (!Array.isArray(page.data)) {
            throw protocolError(
              call.info,
              `GitHub answered listIssueComments (GET ${call.info.url}) with something other than a list of comments. Check GITHUB_API_URL.`,
              page.status,
            );
          }
          comments.push(...page.data.map((item: unknown) => asComment(item, call.info)));
        }
      } catch (error) {
        throw callError(error, call, gh);
      }
      return comments;
    },

    async createIssueComment(ref, body, signal) {
      const url = `${repoPath(ref.owner, ref.repo)}/issues/${ref.issueNumber}/comments`;
      const gh = await ready();
      const call = start(gh, { operation: 'createIssueComment', method: 'POST', url }, signal);
      try {
        // A POST that may have reached GitHub is never repeated: the sticky comment logic re-reads instead.
        const response = await requestFor(gh, call, { retries: 0 })({
          method: 'POST',
          url: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
          owner: ref.owner,
          repo: ref.repo,
          issue_number: ref.issueNumber,
          body,
        });
        return asComment(response.data, call.info);
      } catch (error) {
        throw callError(error, call, gh);
      }
    },

    async updateIssueComment(ref, body, signal) {
      const url = `${repoPath(ref.owner, ref.repo)}/issues/comments/${ref.commentId}`;
      const gh = await ready();
      const call = start(gh, { operation: 'updateIssueComment', method: 'PATCH', url }, signal);
      try {
        const response = await requestFor(
          gh,
          call,
        )({
          method: 'PATCH',
          url: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
          owner: ref.owner,
          repo: ref.repo,
          comment_id: ref.commentId,
          body,
        });
        return asComment(response.data, call.info);
      } catch (error) {
        throw callError(error, call, gh);
      }
    },
  };
}

/** Check the fields atlas-cmk relies on; GitHub's other fields pass through untouched. */
function asComment(value: unknown, info: GitHubRequestInfo): IssueComment {
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
    throw protocolError(
      info,
      `GitHub answered ${info.operation} (${info.method} ${info.url}) with a comment missing id, html_url, created_at or updated_at. Check GITHUB_API_URL.`,
    );
  }
  return { ...c, body: c.body ?? '', user: c.user ?? null } as IssueComment;
}
