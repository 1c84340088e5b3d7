import { composeCommentBody } from './compose-comment-body.js';
import { createGitHubClient, type GitHubClient } from './github-client.js';
import type { GitHubConfig } from './github-config.js';
import type { GitHubClientDeps } from './github-types.js';
import { upsertStickyComment, type StickyCommentResult } from './sticky-comment.js';

/** Input of {@link postPlanComment}. */
export interface PostPlanCommentInput {
  config: GitHubConfig;
  /** The planner's markdown plan (it starts with `<!-- atlas-cmk plan: <hash> -->`). */
  markdownPlan: string;
  /** One sticky comment per target (shard, environment); default `default`. */
  key?: string;
  /** True when the plan has no changes, so the comment says "No changes". */
  noChanges?: boolean;
  /** Secret values to scrub besides the GitHub token (Azure client secret, Atlas private key, …). */
  secrets?: readonly (string | undefined)[];
  deps?: GitHubClientDeps;
  /** A ready client; by default one is created from `config` and `deps`. */
  client?: GitHubClient;
  signal?: AbortSignal;
}

/**
 * What `atlas-cmk comment` does: compose the sticky comment from the markdown plan (secrets scrubbed, the
 * GitHub token always among them; 65,536-character cap with a pointer to the workflow run) and create or
 * update the pull request's sticky comment for the key.
 */
export async function postPlanComment(input: PostPlanCommentInput): Promise<StickyCommentResult> {
  const { config } = input;
  const body = composeCommentBody(input.markdownPlan, {
    ...(input.key === undefined ? {} : { key: input.key }),
    secrets: [...(input.secrets ?? []), config.token],
    noChanges: input.noChanges ?? false,
    ...(config.runUrl === undefined ? {} : { fullPlanUrl: config.runUrl }),
  });
  const client = input.client ?? createGitHubClient(config, input.deps);
  return upsertStickyComment({
    client,
    owner: config.owner,
    repo: config.repo,
    pullNumber: config.pullNumber,
    ...(input.key === undefined ? {} : { key: input.key }),
    body,
    ...(input.signal === undefined ? {} : { signal: input.signal }),
  });
}
