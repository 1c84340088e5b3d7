import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../../test/github-standin.js';
import { createIssueOctokit } from './issue-octokit.js';
import { keepDriftIssue, type KeepDriftIssueInput } from './keep-drift-issue.js';

const TOKEN = 'ghs_canary_issue_token_Zp81';
const MARKER = '<!-- atlas-cmk:drift default -->';

describe('keepDriftIssue against the GitHub stand-in', () => {
  let standin: GitHubStandin | undefined;
  afterEach(async () => {
    await standin?.close();
    standin = undefined;
  });

  const setUp = async (): Promise<(over: Partial<KeepDriftIssueInput>) => Promise<unknown>> => {
    standin = await startGitHubStandin({ token: TOKEN, repositories: ['acme/infra'] });
    const octokit = await createIssueOctokit({ token: TOKEN, apiUrl: standin.url, owner: 'acme', repo: 'infra' });
    return (over) =>
      keepDriftIssue({
        octokit,
        owner: 'acme',
        repo: 'infra',
        marker: MARKER,
        drifted: true,
        title: 'atlas-cmk: drift in 1 project',
        body: `${MARKER}\nDrift A`,
        ...over,
      });
  };

  it('opens one issue on drift, updates it while drift lasts, leaves it alone when unchanged, closes it when gone', async () => {
    const keep = await setUp();
    expect(await keep({ drifted: false, body: `${MARKER}\nNo drift` })).toEqual({ kind: 'none' });
    expect(standin!.issues('acme', 'infra')).toEqual([]);

    const opened = (await keep({})) as { kind: string; number: number };
    expect(opened.kind).toBe('opened');
    expect(await keep({})).toMatchObject({ kind: 'unchanged', number: opened.number });
    expect(await keep({ body: `${MARKER}\nDrift B` })).toMatchObject({ kind: 'updated', number: opened.number });
    expect(standin!.issues('acme', 'infra')).toHaveLength(1);
    expect(standin!.issues('acme', 'infra')[0]).toMatchObject({ state: 'open', body: `${MARKER}\nDrift B` });

    expect(await keep({ drifted: false, body: `${MARKER}\nNo drift` })).toMatchObject({ kind: 'closed' });
    expect(standin!.issues('acme', 'infra')[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    // Drift again later: a new issue (the closed one stays a record of the past).
    expect(await keep({})).toMatchObject({ kind: 'opened' });
    expect(standin!.issues('acme', 'infra').filter((i) => i.state === 'open')).toHaveLength(1);
    const auth = standin!.requests.map((r) => r.headers.authorization);
    expect(new Set(auth)).toEqual(new Set([`token ${TOKEN}`]));
  });

  it("never takes over a person's issue or a pull request that quotes the marker", async () => {
    const keep = await setUp();
    const person = standin!.seedIssue('acme', 'infra', {
      title: 'mine',
      body: `${MARKER}\nmy notes`,
      login: 'mallory',
    });
    standin!.seedIssue('acme', 'infra', { title: 'pr', body: `${MARKER}\n`, login: 'ci[bot]', pullRequest: true });
    expect(await keep({})).toMatchObject({ kind: 'opened' });
    expect(standin!.issues('acme', 'infra').find((i) => i.number === person.number)?.body).toBe(`${MARKER}\nmy notes`);
    // With a personal token, its own login is accepted.
    expect(await keep({ author: 'mallory', body: `${MARKER}\nDrift C` })).toMatchObject({ number: person.number });
  });

  it('re-reads after a create whose answer was lost instead of opening a second issue', async () => {
    const keep = await setUp();
    standin!.injectFault({ kind: 'serverError', status: 502, afterApplying: true }, { method: 'POST' });
    expect(await keep({})).toMatchObject({ kind: 'opened' });
    expect(standin!.issues('acme', 'infra')).toHaveLength(1);
    expect(standin!.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });
});

describe('createIssueOctokit', () => {
  it('never sends the token to another origin', async () => {
    const octokit = await createIssueOctokit({
      token: TOKEN,
      apiUrl: 'http://127.0.0.1:9/api/v3',
      owner: 'acme',
      repo: 'infra',
    });
    await expect(octokit.request('GET https://evil.example/repos/acme/infra/issues')).rejects.toThrow(
      /refusing to send the GitHub token to https:\/\/evil\.example/,
    );
  });
});
