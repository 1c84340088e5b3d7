/** Where the pull request number came from, or why there is none. */
export type PullRequestNumberResult = { kind: 'ok'; pullNumber: number } | { kind: 'error'; message: string };

/** Reads a file as UTF-8 text; inject `(path) => fs.readFile(path, 'utf8')`. */
export type ReadTextFile = (path: string) => string | Promise<string>;

/**
 * Parse an explicit pull request number (an option such as `--pull-request 42`). Accepts a positive integer
 * or its decimal string; anything else is an error naming `source`.
 */
export function parsePullNumber(value: number | string, source: string): PullRequestNumberResult {
  const text = String(value).trim();
  if (!/^[1-9]\d{0,9}$/.test(text)) {
    return { kind: 'error', message: `${source} must be a pull request number such as 42 (got "${text}")` };
  }
  return { kind: 'ok', pullNumber: Number(text) };
}

/**
 * Read the pull request number from a GitHub Actions event file (`GITHUB_EVENT_PATH`):
 * `pull_request.number` (pull_request, pull_request_target and pull_request_review events),
 * `issue.number` for `issue_comment` events on a pull request, or a top-level `number`. An
 * `issue_comment` on a plain issue, a `push` event and a malformed file are errors that say what to do.
 */
export async function pullNumberFromEventFile(path: string, readFile: ReadTextFile): Promise<PullRequestNumberResult> {
  let text: string;
  try {
    text = await readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      kind: 'error',
      message: `Cannot read the event file GITHUB_EVENT_PATH=${path}${typeof code === 'string' ? ` (${code})` : ''}`,
    };
  }
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    return { kind: 'error', message: `The event file GITHUB_EVENT_PATH=${path} is not valid JSON` };
  }
  if (typeof event !== 'object' || event === null) {
    return { kind: 'error', message: `The event file GITHUB_EVENT_PATH=${path} is not a JSON object` };
  }
  const record = event as {
    pull_request?: { number?: unknown };
    issue?: { number?: unknown; pull_request?: unknown };
    number?: unknown;
  };
  const fromPullRequest = record.pull_request?.number;
  if (isPositiveInteger(fromPullRequest)) return { kind: 'ok', pullNumber: fromPullRequest };
  const issue = record.issue;
  if (issue && isPositiveInteger(issue.number)) {
    if (issue.pull_request === undefined || issue.pull_request === null) {
      return {
        kind: 'error',
        message: `The event in GITHUB_EVENT_PATH=${path} is a comment on issue #${issue.number}, which is not a pull request; atlas-cmk comments only on pull requests`,
      };
    }
    return { kind: 'ok', pullNumber: issue.number };
  }
  if (isPositiveInteger(record.number)) return { kind: 'ok', pullNumber: record.number };
  return {
    kind: 'error',
    message:
      `The event in GITHUB_EVENT_PATH=${path} names no pull request: run the job on pull_request events ` +
      '(or issue_comment on a pull request), or pass the pull request number explicitly (--pull-request N)',
  };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
