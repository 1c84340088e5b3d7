import { describe, expect, it } from 'vitest';
import { distinguishingIds } from './project-labels.js';

describe('distinguishingIds', () => {
  it('tells apart ids that share their start, keeping the start people recognise', () => {
    const labels = distinguishingIds(['66c9e8f1dd6c9960802420e9', '66c9e8f1dd6c9960802420f0']);
    expect(labels.get('66c9e8f1dd6c9960802420e9')).toBe('66c9…20e9');
    expect(labels.get('66c9e8f1dd6c9960802420f0')).toBe('66c9…20f0');
  });

  it('grows the end until no two labels read the same', () => {
    const labels = distinguishingIds(['66c9e8f1dd6c99608024a0e9', '66c9e8f1dd6c99608024b0e9']);
    expect(labels.get('66c9e8f1dd6c99608024a0e9')).toBe('66c9…a0e9');
    const close = distinguishingIds(['66c9e8f1dd6c9960802a20e9', '66c9e8f1dd6c9960802b20e9']);
    expect(new Set(close.values()).size).toBe(2);
    expect(close.get('66c9e8f1dd6c9960802a20e9')).toBe('66c9…a20e9');
  });

  it('shows short ids whole and does not depend on order', () => {
    expect(distinguishingIds(['p1', 'p2']).get('p1')).toBe('p1');
    const a = distinguishingIds(['66c9e8f1dd6c9960802420e9', '671a00000000000000000001']);
    const b = distinguishingIds(['671a00000000000000000001', '66c9e8f1dd6c9960802420e9']);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
  });
});
