import { checkGitHubApiUrl, DEFAULT_GITHUB_API_URL } from '../github/api-url.js';

/** Where the drift issue lives and how to reach GitHub. */
export interface DriftIssueConfig {
  /** Sent as `Authorization: Bearer …`; never printed, logged or put in an error. */
  token: string;
  apiUrl: string;
  owner: string;
  repo: string;
}

const REPOSITORY = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

const read = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/**
 * `GITHUB_TOKEN`, `GITHUB_REPOSITORY` (`owner/repo`) and `GITHUB_API_URL` as GitHub Actions sets them. Every
 * error names the variable to set; none contains the token.
 */
export function driftIssueConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): { kind: 'ok'; config: DriftIssueConfig } | { kind: 'error'; message: string } {
  const token = read(env, 'GITHUB_TOKEN');
  if (token === undefined)
    return {
      kind: 'error',
      message:
        'GITHUB_TOKEN is not set. In GitHub Actions add `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` to the step and `permissions: issues: write` to the job.',
    };
  const apiUrl = read(env, 'GITHUB_API_URL') ?? DEFAULT_GITHUB_API_URL;
  const problem = checkGitHubApiUrl(apiUrl);
  if (problem) return { kind: 'error', message: problem };
  const repository = read(env, 'GITHUB_REPOSITORY');
  const m = repository === undefined ? null : REPOSITORY.exec(repository);
  if (!m || !m[1] || !m[2])
    return {
      kind: 'error',
      message: `GITHUB_REPOSITORY must be owner/repo (GitHub Actions sets it); got ${repository === undefined ? 'nothing' : JSON.stringify(repository)}.`,
    };
  return { kind: 'ok', config: { token, apiUrl: apiUrl.replace(/\/+$/, ''), owner: m[1], repo: m[2] } };
}
