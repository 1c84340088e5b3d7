import { checkGitHubApiUrl, DEFAULT_GITHUB_API_URL } from './api-url.js';
import { parsePullNumber, pullNumberFromEventFile, type ReadTextFile } from './pull-request-number.js';

/** Everything needed to comment on one pull request. */
export interface GitHubConfig {
  /** The token sent as `Authorization: Bearer …`. Never printed, logged or put in an error. */
  token: string;
  /** `GITHUB_API_URL`, default `https://api.github.com`; plain `http://` only to loopback. */
  apiUrl: string;
  owner: string;
  repo: string;
  pullNumber: number;
  /** The current workflow run's page, when running in GitHub Actions (where the full plan artifact is). */
  runUrl?: string;
}

/** Result of {@link githubConfigFromEnv}: a config, or an actionable message naming what is missing. */
export type GitHubConfigResult =
  { kind: 'ok'; config: GitHubConfig } | { kind: 'error'; message: string; missing: string[] };

/** Options that take precedence over the environment. */
export interface GitHubConfigOptions {
  /** The pull request number (e.g. from `--pull-request`); otherwise read from `GITHUB_EVENT_PATH`. */
  pullNumber?: number | string | undefined;
}

/** Owner and repository names as GitHub allows them. */
const REPOSITORY = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

const read = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/**
 * Read the GitHub settings the way GitHub Actions provides them: `GITHUB_TOKEN`, `GITHUB_REPOSITORY`
 * (`owner/repo`), `GITHUB_API_URL` (GitHub Enterprise Server and tests point it elsewhere) and the pull
 * request number from `options.pullNumber` or the event file at `GITHUB_EVENT_PATH`. `readFile` reads that
 * file. Every error names the variable to set and how; no message ever contains the token.
 */
export async function githubConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadTextFile,
  options: GitHubConfigOptions = {},
): Promise<GitHubConfigResult> {
  const token = read(env, 'GITHUB_TOKEN');
  if (token === undefined) {
    return {
      kind: 'error',
      message:
        'GITHUB_TOKEN is not set. In GitHub Actions add `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` to the step ' +
        'and `permissions: pull-requests: write` to the job; elsewhere set it to a token allowed to comment on pull requests.',
      missing: ['GITHUB_TOKEN'],
    };
  }
  const apiUrl = read(env, 'GITHUB_API_URL') ?? DEFAULT_GITHUB_API_URL;
  const urlProblem = checkGitHubApiUrl(apiUrl);
  if (urlProblem) return { kind: 'error', message: urlProblem, missing: [] };

  const repository = read(env, 'GITHUB_REPOSITORY');
  if (repository === undefined) {
    return {
      kind: 'error',
      message: 'GITHUB_REPOSITORY is not set: set it to "owner/repo" (GitHub Actions sets it for every job).',
      missing: ['GITHUB_REPOSITORY'],
    };
  }
  const match = REPOSITORY.exec(repository);
  if (!match?.[1] || !match[2]) {
    return { kind: 'error', message: `GITHUB_REPOSITORY must be "owner/repo" (got "${repository}")`, missing: [] };
  }
  const [, owner, repo] = match;

  const pull = await resolvePullNumber(env, readFile, options);
  if (pull.kind === 'error') return pull;

  const serverUrl = read(env, 'GITHUB_SERVER_URL');
  const runId = read(env, 'GITHUB_RUN_ID');
  const runUrl =
    serverUrl !== undefined && runId !== undefined && /^\d+$/.test(runId) && checkGitHubApiUrl(serverUrl) === undefined
      ? `${serverUrl.replace(/\/+$/, '')}/${owner}/${repo}/actions/runs/${runId}`
      : undefined;

  return {
    kind: 'ok',
    config: { token, apiUrl, owner, repo, pullNumber: pull.pullNumber, ...(runUrl === undefined ? {} : { runUrl }) },
  };
}

async function resolvePullNumber(
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadTextFile,
  options: GitHubConfigOptions,
): Promise<{ kind: 'ok'; pullNumber: number } | { kind: 'error'; message: string; missing: string[] }> {
  if (options.pullNumber !== undefined) {
    const explicit = parsePullNumber(options.pullNumber, 'The pull request number');
    return explicit.kind === 'ok' ? explicit : { ...explicit, missing: [] };
  }
  const eventPath = read(env, 'GITHUB_EVENT_PATH');
  if (eventPath === undefined) {
    return {
      kind: 'error',
      message:
        'No pull request number: pass it explicitly (--pull-request N), or run in a GitHub Actions pull_request ' +
        'workflow, where GITHUB_EVENT_PATH names the event file that holds it.',
      missing: ['GITHUB_EVENT_PATH'],
    };
  }
  const fromEvent = await pullNumberFromEventFile(eventPath, readFile);
  return fromEvent.kind === 'ok' ? fromEvent : { ...fromEvent, missing: [] };
}
