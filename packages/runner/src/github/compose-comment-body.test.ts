import { describe, expect, it } from 'vitest';
import { composeCommentBody, GITHUB_COMMENT_MAX_CHARS } from './compose-comment-body.js';
import { GitHubConfigError } from './github-errors.js';

const header = '<!-- atlas-cmk plan: 3f2a9c -->\n## atlas-cmk plan: payments-prod\n';

/** A plan of about `kb` kilobytes: many projects, each a `<details>` holding a fenced diff. */
function bigPlan(kb: number): string {
  const parts = [header];
  for (let i = 0; parts.join('\n').length < kb * 1024; i += 1) {
    parts.push(`<details><summary>project-${i}</summary>\n\n\`\`\`diff`);
    for (let j = 0; j < 40; j += 1)
      parts.push(`+ endpoint.create US_CENTRAL_${i}_${j}  # region with a long explanation line`);
    parts.push('```\n\n</details>\n');
  }
  return parts.join('\n');
}

const fenceLines = (text: string): number => text.split('\n').filter((line) => /^ {0,3}```/.test(line)).length;

describe('composeCommentBody', () => {
  it('puts the sticky marker first and keeps the plan, its hash marker included', () => {
    const body = composeCommentBody(`${header}\n~ ear.update\n`);
    expect(body).toBe(`<!-- atlas-cmk:sticky default -->\n${header}\n~ ear.update`);
    expect(composeCommentBody(header, { key: 'prod/eu' }).startsWith('<!-- atlas-cmk:sticky prod/eu -->\n')).toBe(true);
  });

  it('caps a 200 kB plan at 65,536 characters on a line boundary, closing fences and details', () => {
    const plan = bigPlan(200);
    const body = composeCommentBody(plan, { fullPlanUrl: 'https://github.com/octo/infra/actions/runs/99' });

    expect(plan.length).toBeGreaterThan(200 * 1024);
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_CHARS);
    expect(body.length).toBeGreaterThan(GITHUB_COMMENT_MAX_CHARS - 1000);
    expect(fenceLines(body) % 2).toBe(0);
    expect(body.match(/<details>/g)?.length).toBe(body.match(/<\/details>/g)?.length);
    expect(body).toContain('**Plan truncated**: this comment shows the first');
    expect(body).toContain(`of ${plan.trimEnd().length.toLocaleString('en-US')} characters`);
    expect(body).toContain('[this workflow run](https://github.com/octo/infra/actions/runs/99)');
    const kept = body.slice('<!-- atlas-cmk:sticky default -->\n'.length, body.indexOf('\n```\n</details>\n\n---'));
    expect(plan.startsWith(`${kept}\n`)).toBe(true);
  });

  it('counts astral characters conservatively', () => {
    const body = composeCommentBody(`${header}${'🔐 key rotation\n'.repeat(10_000)}`);
    expect([...body].length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_CHARS);
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_CHARS);
    expect(body).toContain("The full plan is in the workflow run's artifacts and log");
  });

  it('respects a smaller maxChars and a tilde fence', () => {
    const plan = `${header}~~~~text\n${'line\n'.repeat(500)}~~~~\nafter\n`;
    const body = composeCommentBody(plan, { maxChars: 2000 });
    expect(body.length).toBeLessThanOrEqual(2000);
    expect(body).toMatch(/line\n~~~~\n\n---\n/);
  });

  it('says "No changes" when the plan has none', () => {
    const planned = `${header}\nNo changes. Live state matches the desired state.\n`;
    expect(composeCommentBody(planned, { noChanges: true })).toContain('No changes. Live state matches');
    const bare = composeCommentBody(`${header}\n_0 steps_\n`, { noChanges: true });
    expect(bare.split('\n').slice(0, 3)).toEqual([
      '<!-- atlas-cmk:sticky default -->',
      '<!-- atlas-cmk plan: 3f2a9c -->',
      '**No changes.** The live state already matches the desired state.',
    ]);
    expect(composeCommentBody('_0 steps_', { noChanges: true }).split('\n')[1]).toBe(
      '**No changes.** The live state already matches the desired state.',
    );
  });

  it('scrubs every known secret, also JSON-escaped and URL-encoded', () => {
    const azure = 'azure~Secret"with\\quote';
    const atlas = 'b3c0e1e4-5e1f-4a6b-9d0e-priv';
    const token = 'ghs_CANARY2222222222222222222222222222';
    const plan = `${header}secret: ${azure}\n{"secret":${JSON.stringify(azure)}}\nhttps://x.example/?k=${encodeURIComponent(azure)}\nkey ${atlas} and ${token}\n`;
    const body = composeCommentBody(plan, { secrets: [azure, atlas, token, undefined, ''] });

    for (const value of [azure, JSON.stringify(azure).slice(1, -1), encodeURIComponent(azure), atlas, token])
      expect(body).not.toContain(value);
    expect(body.match(/\(sensitive value\)/g)).toHaveLength(5);
  });

  it('refuses an empty plan and an invalid key', () => {
    expect(() => composeCommentBody('  \n')).toThrow('The markdown plan is empty');
    expect(() => composeCommentBody(header, { key: 'a--b' })).toThrow(GitHubConfigError);
    expect(() => composeCommentBody(header, { key: 'prod -->' })).toThrow('is not valid');
  });
});
