import { describe, expect, it } from 'vitest';
import { truncateMarkdown } from './truncate-markdown.js';

const note = (shown: number, total: number) => `\n[cut ${shown}/${total}]`;

describe('truncateMarkdown', () => {
  it('returns text that fits unchanged', () => {
    expect(truncateMarkdown('a\nb', 3, note)).toBe('a\nb');
  });

  it('closes a fence opened inside details, then the details, innermost first', () => {
    const text = [
      '<details>',
      '<summary>p</summary>',
      '',
      '````diff',
      '```',
      'inner',
      ...Array.from({ length: 50 }, (_, i) => `+ line ${i}`),
      '````',
      '</details>',
    ].join('\n');
    const out = truncateMarkdown(text, 160, note);
    expect(out.length).toBeLessThanOrEqual(160);
    expect(out).toMatch(/\+ line \d+\n````\n<\/details>\n\[cut \d+\/\d+\]$/);
  });

  it('does not count <details> inside code, nor a backtick fence line with backticks in its info string', () => {
    const text = [
      '```html',
      '<details>',
      '```',
      '``` not a fence `x`',
      ...Array.from({ length: 40 }, (_, i) => `row ${i}`),
    ].join('\n');
    const out = truncateMarkdown(text, 120, note);
    expect(out).not.toContain('</details>');
    expect(out).toMatch(/row \d+\n\[cut/);
  });
});
