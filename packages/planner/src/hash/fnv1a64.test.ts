import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { fnv1a64 } from './fnv1a64.js';

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64-bit test vectors', () => {
    expect(fnv1a64('')).toBe('fnv1a64:cbf29ce484222325');
    expect(fnv1a64('a')).toBe('fnv1a64:af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('fnv1a64:85944171f73967e8');
  });

  it('hashes UTF-8 bytes, so non-ASCII text differs from its look-alikes', () => {
    expect(fnv1a64('é')).not.toBe(fnv1a64('e'));
    expect(fnv1a64('é')).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
  });
});

describe('canonicalJson', () => {
  it('gives the same text whatever order keys were built in, and drops undefined members', () => {
    const a = canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } });
    const b = canonicalJson({ a: { d: [1, { x: 1, y: 2 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('puts ranked keys first in rank order', () => {
    expect(canonicalJson({ z: 1, b: 2, a: 3 }, { rank: ['z', 'b'] })).toBe('{"z":1,"b":2,"a":3}');
  });
});
