import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../../test/github-standin.js';
import { composeCommentBody } from './compose-comment-body.js';
import { createGitHubClient, type GitHubClient } from './github-client.js';
import { GitHubApiError } from './github-errors.js';
import { upsertStickyComment } from './sticky-comment.js';

const TOKEN = 'ghs_stickyTestToken000000000000000000';
const plan = (hash: string, text = '~ ear.update payments-prod'): string =>
  `<!-- atlas-cmk plan: ${hash} -->\n## atlas-cmk plan\n\n${text}\n`;

describe('upsertStickyComment against the GitHub stand-in', () => {
  let standin: GitHubStandin;
  let client: GitHubClient;
  const upsert = (body: string, key?: string) =>
    upsertStickyComment({
      client,
      owner: 'octo',
      repo: 'infra',
      pullNumber: 7,
      body,
      ...(key === undefined ? {} : { key }),
    });

  beforeEach(async () => {
    standin = await startGitHubStandin({ token: TOKEN, repositories: ['octo/infra'] });
    client = createGitHubClient({ token: TOKEN, apiUrl: standin.url }, { msPerSecond: 1 });
  });
  afterEach(async () => {
    await standin.close();
  });

  it('creates the comment on the first run and updates the same one on the next', async () => {
    standin.seedComments('octo', 'infra', 7, ['LGTM']);
    const first = await upsert(composeCommentBody(plan('aaa111')));
    const second = await upsert(composeCommentBody(plan('bbb222', '+ endpoint.create US_CENTRAL')));

    expect(first.action).toBe('created');
    expect(second).toMatchObject({ action: 'updated', commentId: first.commentId, duplicateIds: [] });
    const comments = standin.comments('octo', 'infra', 7);
    expect(comments).toHaveLength(2);
    const sticky = comments.find((c) => c.id === first.commentId);
    expect(sticky?.body.split('\n').slice(0, 2)).toEqual([
      '<!-- atlas-cmk:sticky default -->',
      '<!-- atlas-cmk plan: bbb222 -->',
    ]);
    expect(sticky?.body).toContain('+ endpoint.create US_CENTRAL');
    expect(second.url).toBe(sticky?.html_url);
    expect(standin.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'GET 200',
      'POST 201',
      'GET 200',
      'PATCH 200',
    ]);
  });

  it('skips the update when the body is identical', async () => {
    const body = composeCommentBody(plan('same'));
    const first = await upsert(body);
    const again = await upsert(body);

    expect(again).toMatchObject({ action: 'unchanged', commentId: first.commentId });
    expect(standin.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
    expect(standin.comments('octo', 'infra', 7)).toHaveLength(1);
  });

  it('follows pagination over more than 100 comments to find the marker on page 2', async () => {
    const chatter = Array.from({ length: 130 }, (_, i) => `comment ${i}`);
    standin.seedComments('octo', 'infra', 7, chatter);
    const [old] = standin.seedComments('octo', 'infra', 7, [
      { body: composeCommentBody(plan('old')), login: 'github-actions[bot]' },
    ]);
    standin.seedComments('octo', 'infra', 7, ['after the sticky comment']);

    const result = await upsert(composeCommentBody(plan('new')));

    expect(result).toMatchObject({ action: 'updated', commentId: old?.id });
    const gets = standin.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(gets).toEqual([
      '/repos/octo/infra/issues/7/comments?per_page=100',
      '/repositories/1000/issues/7/comments?per_page=100&page=2',
    ]);
    expect(standin.comments('octo', 'infra', 7)).toHaveLength(132);
  });

  it('updates the newest of several sticky comments and reports the older ones', async () => {
    const [older, newer] = standin.seedComments('octo', 'infra', 7, [
      composeCommentBody(plan('one')),
      composeCommentBody(plan('two')),
    ]);
    const result = await upsert(composeCommentBody(plan('three')));

    expect(result).toMatchObject({ action: 'updated', commentId: newer?.id, duplicateIds: [older?.id] });
    expect(standin.comments('octo', 'infra', 7)[0]?.body).toContain('plan: one');
  });

  it('keeps one sticky comment per key and ignores a quoted marker', async () => {
    standin.seedComments('octo', 'infra', 7, [`> <!-- atlas-cmk:sticky default -->\n> quoted in a review reply`]);
    const prod = await upsert(composeCommentBody(plan('p1'), { key: 'prod' }), 'prod');
    const staging = await upsert(composeCommentBody(plan('s1'), { key: 'staging' }), 'staging');
    const fallback = await upsert(composeCommentBody(plan('d1')));

    expect([prod.action, staging.action, fallback.action]).toEqual(['created', 'created', 'created']);
    expect(new Set([prod.commentId, staging.commentId, fallback.commentId]).size).toBe(3);
    expect(standin.comments('octo', 'infra', 7)).toHaveLength(4);
  });

  it('adopts a comment that a failed POST did create instead of adding a second one', async () => {
    standin.injectFault({ kind: 'serverError', status: 502, afterApplying: true }, { method: 'POST' });
    const result = await upsert(composeCommentBody(plan('x')));

    expect(result.action).toBe('created');
    expect(standin.comments('octo', 'infra', 7)).toHaveLength(1);
    expect(standin.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'POST 502', 'GET 200']);
  });

  it('reports a POST that failed without creating anything, and does not repeat it', async () => {
    standin.injectFault({ kind: 'serverError', status: 502 }, { method: 'POST' });
    const failure = await upsert(composeCommentBody(plan('x'))).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GitHubApiError);
    expect(failure).toMatchObject({ reason: 'server', status: 502, maybeApplied: true });
    expect(standin.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('refuses a body without the marker or over the limit', async () => {
    await expect(upsert(plan('no-marker'))).rejects.toThrow(
      'must start with the marker <!-- atlas-cmk:sticky default -->',
    );
    await expect(upsert(composeCommentBody(plan('k')), 'other')).rejects.toThrow('<!-- atlas-cmk:sticky other -->');
    await expect(upsert(`<!-- atlas-cmk:sticky default -->\n${'x'.repeat(70_000)}`)).rejects.toThrow(
      'GitHub accepts at most 65536',
    );
    expect(standin.requests).toHaveLength(0);
  });
});
