import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { guardStream, guardText, unguarded } from './terminal-guard.js';

const ESC = '\u001b';

describe('guardText', () => {
  it("lets through line feeds, tabs and atlas-cmk's own colours, and shows every other control escaped", () => {
    const own = `${ESC}[1mbold${ESC}[22m ${ESC}[31mred${ESC}[39m`;
    expect(guardText(`${own}\n\tok`)).toBe(`${own}\n\tok`);
    expect(guardText(`a${ESC}[8mhidden${ESC}[0m`)).toBe('a\\e[8mhidden\u001b[0m');
    expect(guardText(`${ESC}]0;title\u0007 ${ESC}]52;c;Zm9v\u0007`)).toBe('\\e]0;title\\x07 \\e]52;c;Zm9v\\x07');
    expect(guardText('a\rb\bc\u009b2J\u202eevil')).toBe('a\\rb\\x08c\\x9b2J\\u202eevil');
    expect(guardText(`${ESC}[2J${ESC}[1;1H`)).toBe('\\e[2J\\e[1;1H');
  });

  it('returns text without control characters unchanged', () => {
    const text = 'Plan: 1 to add, 0 to change, 0 to destroy.\n✓ fine é 日本\n';
    expect(guardText(text)).toBe(text);
  });
});

describe('guardStream', () => {
  it('guards what is written and keeps the stream for everything else', async () => {
    const raw = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    const guarded = guardStream(raw);
    expect(guarded.isTTY).toBe(true);
    expect(guarded.columns).toBe(120);
    guarded.write(`x${ESC}[8my\n`);
    guarded.end();
    let out = '';
    for await (const chunk of raw) out += String(chunk);
    expect(out).toBe('x\\e[8my\n');
    expect(unguarded(guarded)).toBe(raw);
    expect(unguarded(raw)).toBe(raw);
  });
});
