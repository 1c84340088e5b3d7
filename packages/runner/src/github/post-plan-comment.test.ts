import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../../test/github-standin.js';
import { GITHUB_COMMENT_MAX_CHARS } from './compose-comment-body.js';
import { githubConfigFromEnv, type GitHubConfig } from './github-config.js';
import type { GitHubEvent } from './github-types.js';
import { postPlanComment } from './post-plan-comment.js';

const TOKEN = 'ghs_CANARY3333333333333333333333333333';
const AZURE_SECRET = 'azure-client-secret-CANARY';

describe('postPlanComment: from the Actions environment to one sticky comment', () => {
  let standin: GitHubStandin;
  let dir: string;
  let config: GitHubConfig;
  const events: GitHubEvent[] = [];

  beforeEach(async () => {
    standin = await startGitHubStandin({ token: TOKEN, repositories: ['octo/infra'], basePath: '/api/v3' });
    dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-comment-'));
    const eventPath = join(dir, 'event.json');
    await writeFile(eventPath, JSON.stringify({ action: 'opened', pull_request: { number: 12 } }));
    const result = await githubConfigFromEnv(
      {
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: 'octo/infra',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_API_URL: standin.url,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: '7',
      },
      (path) => readFile(path, 'utf8'),
    );
    if (result.kind !== 'ok') throw new Error(result.message);
    config = result.config;
  });
  afterEach(async () => {
    await standin.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('posts, then updates in place, with secrets scrubbed and "No changes" when converged', async () => {
    const changed = `<!-- atlas-cmk plan: 111 -->\n## Plan\n\n+ ear.enable (secret ${AZURE_SECRET}, token ${TOKEN})\n`;
    const converged =
      '<!-- atlas-cmk plan: 222 -->\n## Plan\n\nNo changes. The live state matches the desired state.\n';
    const deps = { onEvent: (event: GitHubEvent) => events.push(event) };

    const first = await postPlanComment({ config, markdownPlan: changed, secrets: [AZURE_SECRET], deps });
    const second = await postPlanComment({
      config,
      markdownPlan: converged,
      noChanges: true,
      secrets: [AZURE_SECRET],
      deps,
    });

    expect([first.action, second.action]).toEqual(['created', 'updated']);
    expect(second.commentId).toBe(first.commentId);
    const posted = standin.requests.filter((r) => r.method !== 'GET').map((r) => r.body);
    expect(posted).toHaveLength(2);
    expect(JSON.parse(posted[0] ?? '').body).toContain(
      '+ ear.enable (secret (sensitive value), token (sensitive value))',
    );
    expect(posted.join('\n')).not.toContain('CANARY');
    const [comment] = standin.comments('octo', 'infra', 12);
    expect(comment?.body).toContain('No changes.');
    expect(comment?.body.startsWith('<!-- atlas-cmk:sticky default -->\n<!-- atlas-cmk plan: 222 -->\n')).toBe(true);
    expect(standin.requests.every((r) => r.path.startsWith('/api/v3/'))).toBe(true);
    expect(JSON.stringify(events)).not.toContain('CANARY');
  });

  it('posts a 200 kB plan that GitHub accepts, truncated with a pointer to the workflow run', async () => {
    const huge = `<!-- atlas-cmk plan: 333 -->\n\`\`\`diff\n${'+ endpoint.create EUROPE_NORTH  # 🔐 a fairly long line of plan text\n'.repeat(3000)}\`\`\`\n`;
    const result = await postPlanComment({ config, markdownPlan: huge, key: 'prod' });

    expect(result.action).toBe('created');
    expect(standin.requests.at(-1)?.status).toBe(201);
    const [comment] = standin.comments('octo', 'infra', 12);
    expect(comment?.body.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_CHARS);
    expect(comment?.body).toContain('[this workflow run](https://github.com/octo/infra/actions/runs/7)');
  });

  it('the stand-in itself refuses a body over the limit, as GitHub does', async () => {
    const response = await fetch(`${standin.url}/repos/octo/infra/issues/12/comments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'x'.repeat(GITHUB_COMMENT_MAX_CHARS + 1) }),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      message: 'Validation Failed',
      errors: [{ field: 'body', message: 'body is too long (maximum is 65536 characters)' }],
    });
  });
});
