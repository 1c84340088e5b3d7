import { describe, expect, it } from 'vitest';
import { chooseRenderer, colorFor } from './select-renderer.js';

describe('chooseRenderer', () => {
  it('uses Ink only for --format auto on an interactive terminal', () => {
    expect(chooseRenderer({ format: 'auto', isTTY: true, env: {} })).toBe('ink');
    expect(chooseRenderer({ format: 'auto', isTTY: false, env: {} })).toBe('plain');
    expect(chooseRenderer({ format: 'plain', isTTY: true, env: {} })).toBe('plain');
    expect(chooseRenderer({ format: 'ndjson', isTTY: true, env: {} })).toBe('ndjson');
    expect(chooseRenderer({ format: 'ndjson', isTTY: false, env: { CI: 'true' } })).toBe('ndjson');
  });

  it('prints plain lines in CI and on dumb terminals, even with a TTY', () => {
    expect(chooseRenderer({ format: 'auto', isTTY: false, env: { CI: 'true' } })).toBe('plain');
    expect(chooseRenderer({ format: 'auto', isTTY: true, env: { CI: 'true' } })).toBe('plain');
    expect(chooseRenderer({ format: 'auto', isTTY: true, env: { CONTINUOUS_INTEGRATION: '1' } })).toBe('plain');
    expect(chooseRenderer({ format: 'auto', isTTY: true, env: { TERM: 'dumb' } })).toBe('plain');
    expect(chooseRenderer({ format: 'auto', isTTY: true, env: { CI: 'false' } })).toBe('ink');
  });
});

describe('colorFor', () => {
  it('follows NO_COLOR, then FORCE_COLOR, then the terminal', () => {
    expect(colorFor({}, true)).toBe(true);
    expect(colorFor({}, false)).toBe(false);
    expect(colorFor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorFor({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colorFor({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorFor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorFor({ FORCE_COLOR: '0' }, true)).toBe(false);
  });
});
