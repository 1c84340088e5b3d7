import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../../test/github-standin.js';
import { createGitHubClient } from './github-client.js';
import { GitHubApiError, GitHubConfigError } from './github-errors.js';
import type { GitHubEvent } from './github-types.js';

const TOKEN = 'ghp_CANARY0000000000000000000000000000';
const ref = { owner: 'octo', repo: 'infra', issueNumber: 3 };

/** A fake clock: `sleep` advances it, so rate-limit waits take no real time. */
function fakeTime(start = Date.UTC(2026, 10, 28, 16, 0, 0)) {
  const time = { now: start, sleeps: [] as number[] };
  return {
    time,
    now: () => time.now,
    sleep: async (ms: number) => {
      time.sleeps.push(ms);
      time.now += ms;
    },
  };
}

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
  let clock: ReturnType<typeof fakeTime>;
  const client = (token = TOKEN, retry = {}) =>
    createGitHubClient(
      { token, apiUrl: standin.url },
      { now: clock.now, sleep: clock.sleep, onEvent: (e) => events.push(e), retry },
    );

  beforeEach(async () => {
    standin = await startGitHubStandin({ token: TOKEN, repositories: ['octo/infra'] });
    events = [];
    clock = fakeTime();
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
        authorization: `Bearer ${TOKEN}`,
        'user-agent': 'atlas-cmk',
        'content-type': 'application/json',
      });
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
    expect(clock.time.sleeps).toEqual([]);
  });

  it('reports a wrong token as bad credentials', async () => {
    const error = await failureOf(client('ghp_wrong000000000000000000000000000000').listIssueComments(ref));
    expect(error).toMatchObject({ reason: 'auth', status: 401, githubMessage: 'Bad credentials' });
    expect(error.message).toContain('Check that GITHUB_TOKEN holds a valid');
  });

  it('waits for a primary rate limit to reset, then succeeds', async () => {
    standin.injectFault({ kind: 'primaryRateLimit', resetEpochSeconds: clock.time.now / 1000 + 30 });
    const created = await client().createIssueComment(ref, 'after the reset');

    expect(created.body).toBe('after the reset');
    expect(clock.time.sleeps).toEqual([31_000]);
    expect(standin.requests.map((r) => r.status)).toEqual([403, 201]);
    expect(events.filter((e) => e.kind === 'retry')).toEqual([
      expect.objectContaining({ reason: 'primaryRateLimit', status: 403, delayMs: 31_000, attempt: 1 }),
    ]);
  });

  it('honours retry-after on a secondary rate limit (429), then succeeds', async () => {
    standin.injectFault({ kind: 'secondaryRateLimit', status: 429, retryAfterSeconds: 5 }, { times: 2 });
    const comments = await client().listIssueComments(ref);

    expect(comments).toEqual([]);
    expect(clock.time.sleeps).toEqual([5_000, 5_000]);
    expect(standin.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('waits at least a minute, then longer, on a secondary limit without retry-after', async () => {
    standin.injectFault({ kind: 'secondaryRateLimit', status: 403 }, { times: 2 });
    await client().listIssueComments(ref);
    expect(clock.time.sleeps).toEqual([60_000, 120_000]);
  });

  it('fails clearly, without waiting, when the reset is beyond the deadline', async () => {
    const reset = clock.time.now / 1000 + 3600;
    standin.injectFault({ kind: 'primaryRateLimit', resetEpochSeconds: reset, status: 429 });
    const error = await failureOf(client(TOKEN, { deadlineMs: 120_000 }).createIssueComment(ref, 'x'));

    expect(error).toMatchObject({ reason: 'rateLimited', status: 429 });
    expect(error.message).toContain(`It resets at ${new Date(reset * 1000).toISOString()}`);
    expect(error.message).toContain('beyond the 120 s retry deadline');
    expect(clock.time.sleeps).toEqual([]);
    expect(standin.requests).toHaveLength(1);
  });

  it('gives up after the bounded number of attempts', async () => {
    standin.injectFault({ kind: 'secondaryRateLimit', status: 429, retryAfterSeconds: 1 }, { times: 10 });
    const error = await failureOf(client(TOKEN, { maxAttempts: 3 }).listIssueComments(ref));

    expect(error.reason).toBe('rateLimited');
    expect(error.message).toContain('still limited after 3 attempts');
    expect(standin.requests).toHaveLength(3);
  });

  it('retries a 5xx on GET with backoff', async () => {
    standin.injectFault({ kind: 'serverError', status: 503 }, { times: 2, method: 'GET' });
    await client().listIssueComments(ref);
    expect(clock.time.sleeps).toEqual([1_000, 2_000]);
    expect(events.filter((e) => e.kind === 'retry').map((e) => e.reason)).toEqual(['server', 'server']);
  });

  it('stops waiting out a rate limit as soon as the signal aborts', async () => {
    standin.injectFault({ kind: 'secondaryRateLimit', status: 429, retryAfterSeconds: 30 });
    const controller = new AbortController();
    const waits: number[] = [];
    const sleep = (ms: number, signal?: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        waits.push(ms);
        signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
        controller.abort(new Error('Ctrl-C'));
      });
    const error = await failureOf(
      createGitHubClient({ token: TOKEN, apiUrl: standin.url }, { sleep }).listIssueComments(ref, controller.signal),
    );

    expect(error).toMatchObject({ reason: 'aborted' });
    expect(error.message).toContain('listIssueComments was cancelled');
    expect(waits).toEqual([30_000]);
    expect(standin.requests).toHaveLength(1);
  });

  it('waits at least the retry-after of a 503 before retrying a PATCH', async () => {
    const [comment] = standin.seedComments('octo', 'infra', 3, ['old']);
    standin.injectFault({ kind: 'serverError', status: 503, retryAfterSeconds: 10 }, { method: 'PATCH' });
    const updated = await client().updateIssueComment(
      { owner: 'octo', repo: 'infra', commentId: comment?.id ?? 0 },
      'new',
    );

    expect(updated.body).toBe('new');
    expect(clock.time.sleeps).toEqual([10_000]);
    expect(standin.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 503', 'PATCH 200']);
  });

  it('never puts the token in an error, a message or an event, even when the server echoes it', async () => {
    const errors: GitHubApiError[] = [];
    standin.injectFault({ kind: 'permission', message: `token ${TOKEN} may not write here` });
    errors.push(await failureOf(client().createIssueComment(ref, 'x')));
    errors.push(await failureOf(client(`${TOKEN}x`).listIssueComments(ref)));
    standin.injectFault({ kind: 'primaryRateLimit', resetEpochSeconds: clock.time.now / 1000 + 9999 });
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
        { sleep: async () => undefined, retry: { maxAttempts: 2 } },
      ).createIssueComment(ref, 'x'),
    );
    expect(error).toMatchObject({ reason: 'transport', code: 'ECONNREFUSED', maybeApplied: false });
    expect(error.message).toContain('Check GITHUB_API_URL');
  });
});
