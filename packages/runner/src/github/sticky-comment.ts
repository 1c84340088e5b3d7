import type { GitHubClient } from './github-client.js';
import { GitHubApiError } from './github-errors.js';
import type { IssueComment } from './github-types.js';
import { GITHUB_COMMENT_MAX_CHARS } from './compose-comment-body.js';
import { DEFAULT_STICKY_KEY, hasStickyMarker, stickyMarker } from './sticky-marker.js';

/** Input of {@link upsertStickyComment}. */
export interface UpsertStickyCommentInput {
  client: GitHubClient;
  owner: string;
  repo: string;
  pullNumber: number;
  /** The sticky comment's key (default `default`); `body` must start with its marker. */
  key?: string;
  /** The full comment body, as {@link composeCommentBody} builds it. */
  body: string;
  signal?: AbortSignal;
}

/** What {@link upsertStickyComment} did. */
export interface StickyCommentResult {
  action: 'created' | 'updated' | 'unchanged';
  commentId: number;
  /** The comment's page (`html_url`). */
  url: string;
  /** Older comments carrying the same marker, left untouched (the newest one is the sticky comment). */
  duplicateIds: number[];
}

/**
 * Post `body` as the pull request's one sticky comment for `key`: find the comments whose first line is
 * the key's marker (whoever wrote them), update the newest in place, skip the update when its body is
 * already identical, or create the comment when there is none. When creating failed after the request may
 * have reached GitHub, the comments are read again and a comment that did get created is adopted, so a
 * retry never leaves two. Throws `Error` when `body` lacks the marker or exceeds 65,536 characters (build it
 * with `composeCommentBody`), and {@link GitHubApiError} when GitHub fails.
 */
export async function upsertStickyComment(input: UpsertStickyCommentInput): Promise<StickyCommentResult> {
  const { client, owner, repo, pullNumber, body, signal } = input;
  const marker = stickyMarker(input.key ?? DEFAULT_STICKY_KEY);
  if (!hasStickyMarker(body, marker))
    throw new Error(`The comment body must start with the marker ${marker}; build it with composeCommentBody`);
  if (body.length > GITHUB_COMMENT_MAX_CHARS)
    throw new Error(
      `The comment body has ${body.length} characters; GitHub accepts at most ${GITHUB_COMMENT_MAX_CHARS}`,
    );
  const ref = { owner, repo, issueNumber: pullNumber };

  const found = await findSticky(client, ref, marker, signal);
  if (found.newest !== undefined) return update(found.newest, found.duplicateIds);
  try {
    const created = await client.createIssueComment(ref, body, signal);
    return { action: 'created', commentId: created.id, url: created.html_url, duplicateIds: [] };
  } catch (error) {
    if (!(error instanceof GitHubApiError) || !error.maybeApplied) throw error;
    const again = await findSticky(client, ref, marker, signal);
    if (again.newest === undefined) throw error;
    const adopted = await update(again.newest, again.duplicateIds);
    return { ...adopted, action: adopted.action === 'unchanged' ? 'created' : adopted.action };
  }

  async function update(comment: IssueComment, duplicateIds: number[]): Promise<StickyCommentResult> {
    if (normalize(comment.body) === normalize(body)) {
      return { action: 'unchanged', commentId: comment.id, url: comment.html_url, duplicateIds };
    }
    const updated = await client.updateIssueComment({ owner, repo, commentId: comment.id }, body, signal);
    return { action: 'updated', commentId: updated.id, url: updated.html_url, duplicateIds };
  }
}

/** The newest comment carrying `marker` and the ids of older ones. */
async function findSticky(
  client: GitHubClient,
  ref: { owner: string; repo: string; issueNumber: number },
  marker: string,
  signal: AbortSignal | undefined,
): Promise<{ newest: IssueComment | undefined; duplicateIds: number[] }> {
  const matches = (await client.listIssueComments(ref, signal))
    .filter((comment) => hasStickyMarker(comment.body, marker))
    .sort((a, b) => (a.created_at === b.created_at ? a.id - b.id : a.created_at < b.created_at ? -1 : 1));
  const newest = matches.at(-1);
  return { newest, duplicateIds: matches.slice(0, -1).map((comment) => comment.id) };
}

/** GitHub may store a body edited in the web UI with CRLF line ends. */
function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
