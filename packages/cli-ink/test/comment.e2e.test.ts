import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../../runner/test/github-standin.js';
import { hasStackTrace } from './run-cli.js';
import { CANARY, desired, startWorld, type World } from './world.js';

const TOKEN = 'ghs_canaryGitHubToken0123456789abcdef';
let world: World;
let github: GitHubStandin;

beforeAll(async () => {
  world = await startWorld();
  github = await startGitHubStandin({ token: TOKEN, repositories: ['acme/atlas'] });
});
afterAll(async () => {
  await github.close();
  await world.close();
});

function ghEnv(event: object): Record<string, string> {
  const eventPath = join(world.dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  return {
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: 'acme/atlas',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_API_URL: github.url,
  };
}

describe('atlas-cmk comment', () => {
  it('posts the plan as one sticky comment, updates it in place, and says No changes when there are none', async () => {
    const env = ghEnv({ pull_request: { number: 7 } });
    const file = world.write('desired.yaml', desired({ regions: ['US_CENTRAL'] }));
    const planned = await world.cli(['plan', file, '--out', 'plan.json']);
    expect(planned.stderr, planned.stderr).toBe('');
    expect(planned.code).toBe(0);

    const first = await world.cli(['comment', '--plan', 'plan.json'], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Posted the plan comment on pull request #7/);
    let comments = github.comments('acme', 'atlas', 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('<!-- atlas-cmk plan: ');
    expect(comments[0]!.body).toMatch(/Plan: \d+ to add, \d+ to change, 0 to destroy./);

    // The same plan again: nothing to update.
    const same = await world.cli(['comment', '--plan', 'plan.json'], { env });
    expect(same.stdout).toMatch(/Unchanged/);

    // Apply, plan again: the one comment now says No changes.
    const applied = await world.cli(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await world.cli(['plan', file, '--out', 'plan.json'])).code).toBe(0);
    const second = await world.cli(['comment', '--plan', 'plan.json'], { env });
    expect(second.stdout).toMatch(/Updated the plan comment/);
    comments = github.comments('acme', 'atlas', 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('No changes');
    for (const c of comments) {
      for (const canary of [...Object.values(CANARY), TOKEN]) expect(c.body).not.toContain(canary);
    }
  });

  it('keeps one comment per key', async () => {
    const env = ghEnv({ pull_request: { number: 8 } });
    for (const key of ['shard-1-2', 'shard-2-2', 'shard-1-2']) {
      expect((await world.cli(['comment', '--plan', 'plan.json', '--key', key], { env })).code).toBe(0);
    }
    expect(github.comments('acme', 'atlas', 8)).toHaveLength(2);
  });

  it('keeps one sticky marker and the structure of a clean plan whatever the names hold', async () => {
    const parser = new MarkdownIt({ html: true, linkify: true });
    const structure = (md: string): string[] =>
      parser
        .parse(md, {})
        .map((t) => (t.type === 'inline' ? `inline(${(t.children ?? []).map((c) => c.type).join(',')})` : t.type));
    const comments = (md: string): string[] =>
      parser
        .parse(md, {})
        .flatMap((t) => [t, ...(t.children ?? [])])
        .filter((t) => t.type.startsWith('html_'))
        .flatMap((t) => t.content.match(/<!--[\s\S]*?(?:-->|$)/g) ?? []);
    // A YAML double-quoted name: \n is a line break, and backticks, markers, mentions, links and HTML follow.
    const hostile = `"x\\n${'`'.repeat(3)}\\n\\n**No changes.**\\n<!-- atlas-cmk:sticky default -->\\n@octocat [click](https://evil.example) <img src=x> -->\\n<!--"`;
    const post = async (pr: number, name: string): Promise<string> => {
      // A region the earlier test did not apply, so the plan has changes and shows the name.
      const text = desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'] }).replace(
        '  name: payments-prod',
        `  name: ${name}`,
      );
      const file = world.write(`named-${pr}.yaml`, text);
      expect((await world.cli(['plan', file, '--out', `plan-${pr}.json`])).code).toBe(0);
      const r = await world.cli(['comment', '--plan', `plan-${pr}.json`], {
        env: ghEnv({ pull_request: { number: pr } }),
      });
      expect(r.code, r.stderr).toBe(0);
      const [comment] = github.comments('acme', 'atlas', pr);
      return comment!.body;
    };
    const clean = await post(10, 'payments-prod');
    const evil = await post(11, hostile);
    const huge = await post(12, `"${'`'.repeat(5)}${'y'.repeat(100_000)}"`);

    for (const body of [clean, evil, huge]) {
      expect(body.split('\n')[0]).toBe('<!-- atlas-cmk:sticky default -->');
      expect(comments(body).map((c) => c.replace(/plan: \S+/, 'plan: H'))).toEqual([
        '<!-- atlas-cmk:sticky default -->',
        '<!-- atlas-cmk plan: H -->',
      ]);
      expect(body.length).toBeLessThanOrEqual(65_536);
      const html = parser.render(body);
      for (const tag of ['<a ', '<img', '<em>', '<strong>No changes']) expect(html).not.toContain(tag);
    }
    expect(clean).toContain('`payments-prod`');
    expect(structure(evil)).toEqual(structure(clean));
    expect(evil).not.toMatch(/^\*\*No changes/m);
  });

  it('explains a token without permission, without printing the token', async () => {
    const env = ghEnv({ pull_request: { number: 9 } });
    github.injectFault({ kind: 'permission' }, { times: 5 });
    const r = await world.cli(['comment', '--plan', 'plan.json'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pull-requests: write|permission/i);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('says which variable is missing outside GitHub Actions', async () => {
    const r = await world.cli(['comment', '--plan', 'plan.json'], { env: { GITHUB_TOKEN: TOKEN } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('GITHUB_REPOSITORY');
  });
});
