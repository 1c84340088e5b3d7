import { redactSecrets } from './redact-secrets.js';
import { DEFAULT_STICKY_KEY, stickyMarker } from './sticky-marker.js';
import { truncateMarkdown } from './truncate-markdown.js';

/** GitHub refuses issue and pull-request comment bodies longer than this many characters. */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;

/** Options of {@link composeCommentBody}. */
export interface ComposeCommentOptions {
  /** Names the sticky comment (one per target: a shard, an environment); default `default`. */
  key?: string;
  /** Upper bound of the body's length (default and maximum 65,536, GitHub's limit). */
  maxChars?: number;
  /** Known secret values (Azure client secret, Atlas private key, GitHub token) to scrub from the plan. */
  secrets?: readonly (string | undefined)[];
  /** True when the plan has no changes: the body then says "No changes" even if the plan text does not. */
  noChanges?: boolean;
  /** Where the full plan is (e.g. the workflow run that holds the plan artifact), named when truncating. */
  fullPlanUrl?: string;
}

const PLAN_MARKER = /^<!-- atlas-cmk plan: [^\n]*-->$/;
/** The renderer's own "No changes" line; a value that merely contains the words cannot start a line. */
const NO_CHANGES = /^(?:\*\*)?No changes\b/m;

/**
 * The body of the sticky comment: the sticky marker line, then the markdown plan with every known secret
 * replaced by `(sensitive value)`, cut to GitHub's 65,536-character limit on a line boundary (open code
 * fences and `<details>` closed, then a note saying the plan was truncated and where the full plan is).
 * Throws `Error` for an empty plan (an upstream bug: a plan always says what it would do, or "No changes")
 * and {@link GitHubConfigError} for an invalid key.
 */
export function composeCommentBody(markdownPlan: string, options: ComposeCommentOptions = {}): string {
  const maxChars = Math.min(options.maxChars ?? GITHUB_COMMENT_MAX_CHARS, GITHUB_COMMENT_MAX_CHARS);
  const marker = stickyMarker(options.key ?? DEFAULT_STICKY_KEY);
  let plan = redactSecrets(markdownPlan.replace(/\r\n/g, '\n'), options.secrets ?? []).trimEnd();
  if (plan.trim() === '') throw new Error('The markdown plan is empty; nothing to post');
  if (options.noChanges && !NO_CHANGES.test(plan)) plan = withNoChangesLine(plan);
  const head = `${marker}\n`;
  const where = options.fullPlanUrl
    ? `The full plan is in the artifacts of [this workflow run](${options.fullPlanUrl}).`
    : "The full plan is in the workflow run's artifacts and log, or run `atlas-cmk plan --format markdown` yourself.";
  const note = (shown: number, total: number): string =>
    `\n\n---\n\n> [!WARNING]\n> **Plan truncated**: this comment shows the first ${format(shown)} of ${format(total)} characters ` +
    `because GitHub limits comments to 65,536 characters. ${where}\n`;
  return head + truncateMarkdown(plan, maxChars - head.length, note);
}

/** Say "No changes" right after the plan's own hidden marker line (or first when it has none). */
function withNoChangesLine(plan: string): string {
  const line = '**No changes.** The live state already matches the desired state.';
  const [first, ...rest] = plan.split('\n');
  return first !== undefined && PLAN_MARKER.test(first) ? [first, line, '', ...rest].join('\n') : `${line}\n\n${plan}`;
}

function format(count: number): string {
  return count.toLocaleString('en-US');
}
