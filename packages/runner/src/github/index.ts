export { checkGitHubApiUrl, DEFAULT_GITHUB_API_URL } from './api-url.js';
export { composeCommentBody, GITHUB_COMMENT_MAX_CHARS, type ComposeCommentOptions } from './compose-comment-body.js';
export { createGitHubClient, type GitHubClient, type GitHubClientConfig, type IssueRef } from './github-client.js';
export {
  githubConfigFromEnv,
  type GitHubConfig,
  type GitHubConfigOptions,
  type GitHubConfigResult,
} from './github-config.js';
export {
  GitHubApiError,
  GitHubConfigError,
  type GitHubErrorFields,
  type GitHubErrorReason,
  type GitHubRequestInfo,
} from './github-errors.js';
export {
  defaultGitHubRetryPolicy,
  type GitHubClientDeps,
  type GitHubEvent,
  type GitHubRetryPolicy,
  type GitHubUser,
  type IssueComment,
} from './github-types.js';
export { postPlanComment, type PostPlanCommentInput } from './post-plan-comment.js';
export {
  parsePullNumber,
  pullNumberFromEventFile,
  type PullRequestNumberResult,
  type ReadTextFile,
} from './pull-request-number.js';
export { classifyRateLimit, type RateLimitSignals, type RateLimitVerdict } from './rate-limit.js';
export { redactSecrets } from './redact-secrets.js';
export { upsertStickyComment, type StickyCommentResult, type UpsertStickyCommentInput } from './sticky-comment.js';
export { checkStickyKey, DEFAULT_STICKY_KEY, hasStickyMarker, stickyMarker } from './sticky-marker.js';
