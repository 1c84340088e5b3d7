import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubConfigFromEnv, type GitHubConfigResult } from './github-config.js';

const TOKEN = 'ghs_CANARY1111111111111111111111111111';
const readText = (path: string) => readFile(path, 'utf8');

describe('githubConfigFromEnv', () => {
  let dir: string;
  const event = async (name: string, payload: unknown): Promise<string> => {
    const path = join(dir, `${name}.json`);
    await writeFile(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
    return path;
  };
  const env = (extra: Record<string, string | undefined>) => ({
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: 'octo/infra',
    ...extra,
  });
  const errorOf = (result: GitHubConfigResult): { message: string; missing: string[] } => {
    if (result.kind !== 'error') throw new Error('expected an error');
    return result;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-github-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a pull_request event and defaults the API URL', async () => {
    const path = await event('pull-request', {
      action: 'synchronize',
      number: 41,
      pull_request: { number: 42, head: { sha: 'abc' } },
    });
    const result = await githubConfigFromEnv(env({ GITHUB_EVENT_PATH: path }), readText);

    expect(result).toEqual({
      kind: 'ok',
      config: { token: TOKEN, apiUrl: 'https://api.github.com', owner: 'octo', repo: 'infra', pullNumber: 42 },
    });
  });

  it('reads an issue_comment event on a pull request, honours GITHUB_API_URL and names the workflow run', async () => {
    const path = await event('issue-comment', {
      action: 'created',
      issue: { number: 9, pull_request: { url: 'https://api.github.com/repos/octo/infra/pulls/9' } },
      comment: { id: 1 },
    });
    const result = await githubConfigFromEnv(
      env({
        GITHUB_EVENT_PATH: path,
        GITHUB_API_URL: 'https://ghe.example.com/api/v3',
        GITHUB_SERVER_URL: 'https://ghe.example.com',
        GITHUB_RUN_ID: '123456',
      }),
      readText,
    );

    expect(result).toMatchObject({
      kind: 'ok',
      config: {
        apiUrl: 'https://ghe.example.com/api/v3',
        pullNumber: 9,
        runUrl: 'https://ghe.example.com/octo/infra/actions/runs/123456',
      },
    });
  });

  it('refuses an issue_comment event on a plain issue', async () => {
    const path = await event('issue', { action: 'created', issue: { number: 5 } });
    const { message } = errorOf(await githubConfigFromEnv(env({ GITHUB_EVENT_PATH: path }), readText));
    expect(message).toContain('comment on issue #5, which is not a pull request');
  });

  it('explains a push event, a missing file and a broken file', async () => {
    const push = await event('push', { ref: 'refs/heads/main', after: 'abc' });
    const broken = await event('broken', '{"pull_request": ');
    const missing = join(dir, 'missing.json');

    expect(errorOf(await githubConfigFromEnv(env({ GITHUB_EVENT_PATH: push }), readText)).message).toContain(
      'names no pull request',
    );
    expect(errorOf(await githubConfigFromEnv(env({ GITHUB_EVENT_PATH: broken }), readText)).message).toBe(
      `The event file GITHUB_EVENT_PATH=${broken} is not valid JSON`,
    );
    expect(errorOf(await githubConfigFromEnv(env({ GITHUB_EVENT_PATH: missing }), readText)).message).toBe(
      `Cannot read the event file GITHUB_EVENT_PATH=${missing} (ENOENT)`,
    );
  });

  it('prefers an explicit pull request number and validates it', async () => {
    const path = await event('pr-explicit', { pull_request: { number: 42 } });
    expect(await githubConfigFromEnv(env({ GITHUB_EVENT_PATH: path }), readText, { pullNumber: '77' })).toMatchObject({
      config: { pullNumber: 77 },
    });
    expect(await githubConfigFromEnv(env({}), readText, { pullNumber: 8 })).toMatchObject({
      config: { pullNumber: 8 },
    });
    expect(errorOf(await githubConfigFromEnv(env({}), readText, { pullNumber: 'abc' })).message).toBe(
      'The pull request number must be a pull request number such as 42 (got "abc")',
    );
  });

  it('names each missing variable and what to do', async () => {
    const noToken = errorOf(
      await githubConfigFromEnv({ GITHUB_REPOSITORY: 'octo/infra' }, readText, { pullNumber: 1 }),
    );
    expect(noToken.missing).toEqual(['GITHUB_TOKEN']);
    expect(noToken.message).toContain('permissions: pull-requests: write');
    const noRepo = errorOf(
      await githubConfigFromEnv({ GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: '  ' }, readText, { pullNumber: 1 }),
    );
    expect(noRepo.missing).toEqual(['GITHUB_REPOSITORY']);
    expect(
      errorOf(await githubConfigFromEnv(env({ GITHUB_REPOSITORY: 'just-a-name' }), readText, { pullNumber: 1 }))
        .message,
    ).toBe('GITHUB_REPOSITORY must be "owner/repo" (got "just-a-name")');
    const noPull = errorOf(await githubConfigFromEnv(env({}), readText));
    expect(noPull.missing).toEqual(['GITHUB_EVENT_PATH']);
    expect(noPull.message).toContain('--pull-request N');
  });

  it('refuses plain http:// except to loopback, and never shows the token', async () => {
    const remote = errorOf(
      await githubConfigFromEnv(env({ GITHUB_API_URL: 'http://ghe.example.com/api/v3' }), readText, { pullNumber: 1 }),
    );
    expect(remote.message).toContain('plain http:// to ghe.example.com');
    const withCredentials = errorOf(
      await githubConfigFromEnv(env({ GITHUB_API_URL: `https://x:${TOKEN}@ghe.example.com` }), readText, {
        pullNumber: 1,
      }),
    );
    expect(withCredentials.message).toBe(
      'GITHUB_API_URL must not contain credentials; the token is read from GITHUB_TOKEN',
    );
    expect(
      await githubConfigFromEnv(env({ GITHUB_API_URL: 'http://127.0.0.1:8080' }), readText, { pullNumber: 1 }),
    ).toMatchObject({ kind: 'ok' });
    expect(JSON.stringify([remote, withCredentials])).not.toContain('CANARY');
  });
});
