import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../../test/github-standin.js';
import { createGitHubClient } from './github-client.js';
import { GitHubApiError, GitHubConfigError } from './github-errors.js';
import type { GitHubEvent } from './github-types.js';

const TOKEN = 'ghp_CANARY0000000000000000000000000000';
const ref = { owner: 'octo', repo: 'infra', issueNumber: 3 };

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

async function failureOf(promise: Promise<unknown>): Promise<GitHubApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GitHubApiError)) throw new Error(`expected a GitHubApiError, got ${String(error)}`);
  return error;
}

describe('createGitHubClient against the GitHub stand-in', () => {
  let standin: GitHubStandin;
  let events: GitHubEvent[];
  // Waits are real but one millisecond per second GitHub asks for; the decisions use GitHub's figures.
  const client = (token = TOKEN, retry = {}) =>
    createGitHubClient({ token, apiUrl: standin.url }, { msPerSecond: 1, onEvent: (e) => events.push(e), retry });
  const retries = () => events.filter((e) => e.kind === 'retry');

  beforeEach(async () => {
    standin = await startGitHubStandin({ token: TOKEN, repositories: ['octo/infra'] });
    events = [];
  });
  afterEach(async () => {
    await standin.close();
  });

  it("sends GitHub's documented headers and a JSON body", async () => {
    const created = await client().createIssueComment(ref, 'hello');
    const updated = await client().updateIssueComment(
      { owner: 'octo', repo: 'infra', commentId: created.id },
      'hello again',
    );

    expect(updated).toMatchObject({ id: created.id, body: 'hello again' });
    expect(updated.html_url).toMatch(/#issuecomment-\d+$/);
    for (const request of standin.requests) {
      expect(request.headers).toMatchObject({
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        authorization: `token ${TOKEN}`,
        'content-type': 'application/json; charset=utf-8',
      });
      expect(request.headers['user-agent']).toMatch(/^atlas-cmk octokit-core/);
    }
    expect(JSON.parse(standin.requests[0]?.body ?? '')).toEqual({ body: 'hello' });
    expect(standin.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/octo/infra/issues/3/comments',
      `PATCH /repos/octo/infra/issues/comments/${created.id}`,
    ]);
  });

  it('lists every page of 250 comments in order', async () => {
    standin.seedComments(
      'octo',
      'infra',
      3,
      Array.from({ length: 250 }, (_, i) => `c${i}`),
    );
    const comments = await client().listIssueComments(ref);

    expect(comments.map((c) => c.body)).toEqual(Array.from({ length: 250 }, (_, i) => `c${i}`));
    expect(standin.requests.map((r) => r.path)).toEqual([
      '/repos/octo/infra/issues/3/comments?per_page=100',
      '/repositories/1000/issues/3/comments?per_page=100&page=2',
      '/repositories/1000/issues/3/comments?per_page=100&page=3',
    ]);
  });

  it('honours an API URL with a path (GitHub Enterprise Server)', async () => {
    const ghes = await startGitHubStandin({ token: TOKEN, repositories: ['octo/infra'], basePath: '/api/v3' });
    try {
      ghes.seedComments(
        'octo',
        'infra',
        3,
        Array.from({ length: 101 }, (_, i) => `c${i}`),
      );
      const comments = await createGitHubClient({ token: TOKEN, apiUrl: `${ghes.url}/` }).listIssueComments(ref);
      expect(comments).toHaveLength(101);
      expect(ghes.requests.map((r) => r.path)).toEqual([
        '/api/v3/repos/octo/infra/issues/3/comments?per_page=100',
        '/api/v3/repositories/1000/issues/3/comments?per_page=100&page=2',
      ]);
    } finally {
      await ghes.close();
    }
  });

  it('reports a 403 permission answer clearly and does not retry it', async () => {
    standin.injectFault({ kind: 'permission' });
    const error = await failureOf(client().createIssueComment(ref, 'x'));

    expect(error).toMatchObject({
      reason: 'permission',
      status: 403,
      githubMessage: 'Resource not accessible by integration',
    });
    expect(error.documentationUrl).toBe('https://docs.github.com/rest/issues/comments#create-an-issue-comment');
    expect(error.message).toContain('createIssueComment (POST http://127.0.0.1:');
    expect(error.message).toContain('pull-requests: write');
    expect(standin.requests).toHaveLength(1);
    expect(retries()).toEqual([]);
  });

  it('reports a wrong token as bad credentials', async () => {
    const error = await failureOf(client('ghp_wrong000000000000000000000000000000').listIssueComments(ref));
    expect(error).toMatchObject({ reason: 'auth', status: 401, githubMessage: 'Bad credentials' });
    expect(error.message).toContain('Check that GITHUB_TOKEN holds a valid');
  });

  it('waits for a primary rate limit to reset, then succeeds', async () => {
    standin.injectFault({ kind: 'primaryRateLimit', resetEpochSeconds: nowSeconds() + 30 });
    const created = await client().createIssueComment(ref, 'after the reset');

    expect(created.body).toBe('after the reset');
    expect(standin.requests.map((r) => r.status)).toEqual([403, 201]);
    expect(retries()).toEqual([expect.objectContaining({ reason: 'primaryRateLimit', attempt: 1 })]);
    // Until the reset (30 s from when the fault was set), plus a second so the retry lands after it.
    expect(retries()[0]?.delayMs).toBeGreaterThan(1_000);
    expect(retries()[0]?.delayMs).toBeLessThanOrEqual(32_000);
  });

  it('honours retry-after on a secondary rate limit (429), then succeeds', async () => {
    standin.injectFault({ kind: 'secondaryRateLimit', status: 429, retryAfterSeconds: 5 }, { times: 2 });
    const comments = await client().listIssueComments(ref);

    expect(comments).toEqual([]);
    expect(retries().map((e) => [e.reason, e.delayMs])).toEqual([
      ['secondaryRateLimit', 5_000],
      ['secondaryRateLimit', 5_000],
    ]);
    expect(standin.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('waits a minute on a secondary limit without retry-after', async () => {
    standin.injectFault({ kind: 'secondaryRateLimit', status: 403 });
    await client().listIssueComments(ref);
    expect(retries().map((e) => e.delayMs)).toEqual([60_000]);
    expect(standin.requests.map((r) => r.status)).toEqual([403, 200]);
  });

  it('fails clearly, without waiting, when the reset is beyond the deadline', async () => {
    const reset = nowSeconds() + 3600;
    standin.injectFault({ kind: 'primaryRateLimit', resetEpochSeconds: reset, status: 429 });
    const error = await failureOf(client(TOKEN, { deadlineMs: 120_000 }).createIssueComment(ref, 'x'));

    expect(error).toMatchObject({ reason: 'rateLimited', status: 429 });
    expect(error.message).toContain(`It resets at ${new Date(reset * 1000).toISOString()}`);
    expect(error.message).toContain('beyond the 120 s retry deadline');
    expect(retries()).toEqual([]);
    expect(standin.requests).toHaveLength(1);
  });

  it('gives up after the bounded number of attempts', async () => {
    standin.injectFault({ kind: 'secondaryRateLimit', status: 429, retryAfterSeconds: 1 }, { times: 10 });
    const error = await failureOf(client(TOKEN, { maxAttempts: 3 }).listIssueComments(ref));

    expect(error.reason).toBe('rateLimited');
    expect(error.message).toContain('still limited after 3 attempts');
    expect(standin.requests).toHaveLength(3);
  });

  it('retries a 5xx on GET', async () => {
    standin.injectFault({ kind: 'serverError', status: 503 }, { times: 2, method: 'GET' });
    await client().listIssueComments(ref);
    expect(standin.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(events.filter((e) => e.kind === 'request').map((e) => e.attempt)).toEqual([1, 2, 3]);
  });

  it('never repeats a POST after a 5xx: the comment may exist already', async () => {
    standin.injectFault({ kind: 'serverError', status: 502, afterApplying: true }, { method: 'POST' });
    const error = await failureOf(client().createIssueComment(ref, 'once'));
    expect(error).toMatchObject({ reason: 'server', status: 502, maybeApplied: true });
    expect(standin.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 502']);
    expect(standin.comments('octo', 'infra', 3).map((c) => c.body)).toEqual(['once']);
  });

  it('does not wait out a rate limit once the signal has aborted', async () => {
    standin.injectFault({ kind: 'secondaryRateLimit', status: 429, retryAfterSeconds: 30 });
    const controller = new AbortController();
    const error = await failureOf(
      createGitHubClient(
        { token: TOKEN, apiUrl: standin.url },
        { msPerSecond: 1, onEvent: (e) => e.kind === 'response' && controller.abort(new Error('Ctrl-C')) },
      ).listIssueComments(ref, controller.signal),
    );

    expect(error).toMatchObject({ reason: 'aborted' });
    expect(error.message).toContain('listIssueComments was cancelled');
    expect(standin.requests).toHaveLength(1);
  });

  it('never puts the token in an error, a message or an event, even when the server echoes it', async () => {
    const errors: GitHubApiError[] = [];
    standin.injectFault({ kind: 'permission', message: `token ${TOKEN} may not write here` });
    errors.push(await failureOf(client().createIssueComment(ref, 'x')));
    errors.push(await failureOf(client(`${TOKEN}x`).listIssueComments(ref)));
    standin.injectFault({ kind: 'primaryRateLimit', resetEpochSeconds: nowSeconds() + 9999 });
    errors.push(await failureOf(client().listIssueComments(ref)));
    await client().listIssueComments(ref);

    expect(errors[0]?.githubMessage).toBe('token (sensitive value) may not write here');
    const everything = JSON.stringify([events, errors.map((e) => [e.message, String(e), e.stack, { ...e }])]);
    expect(everything).not.toContain('CANARY');
    expect(events.length).toBeGreaterThan(4);
  });

  it('refuses plain http:// to a remote host before sending anything', () => {
    expect(() => createGitHubClient({ token: TOKEN, apiUrl: 'http://github.example.com' })).toThrow(GitHubConfigError);
    expect(() => createGitHubClient({ token: TOKEN, apiUrl: 'http://github.example.com' })).toThrow(
      'the token would travel unencrypted',
    );
  });
});

describe('createGitHubClient against misbehaving servers', () => {
  it('does not follow a pagination link to another host', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        link: '<https://elsewhere.example/next?page=2>; rel="next"',
      });
      response.end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const error = await failureOf(createGitHubClient({ token: TOKEN, apiUrl }).listIssueComments(ref));
      expect(error).toMatchObject({ reason: 'protocol' });
      expect(error.message).toContain('points to another host (https://elsewhere.example)');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('reports an unreachable API as a transport error naming GITHUB_API_URL', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const error = await failureOf(
      createGitHubClient(
        { token: TOKEN, apiUrl: `http://127.0.0.1:${port}` },
        { msPerSecond: 1, retry: { maxAttempts: 2 } },
      ).createIssueComment(ref, 'x'),
    );
    expect(error).toMatchObject({ reason: 'transport', code: 'ECONNREFUSED', maybeApplied: false });
    expect(error.message).toContain('Check GITHUB_API_URL');
  });
});
