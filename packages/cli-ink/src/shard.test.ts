import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from './shard.js';

const ids = Array.from({ length: 500 }, (_, i) =>
  (0x66c9e8f1dd6c996080000000n + BigInt(i * 7919)).toString(16).padStart(24, '0'),
);

describe('shards', () => {
  it('parses i/n and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(undefined)).toBeUndefined();
    for (const bad of ['0/4', '5/4', '1/0', 'x', '1-4', ''])
      expect(() => parseShard(bad)).toThrow(/--shard must look like i\/n/);
  });

  it('puts every project in exactly one shard, none left out', () => {
    for (const count of [1, 2, 3, 7]) {
      const seen = new Map<string, number>();
      for (let index = 1; index <= count; index++) {
        for (const id of inShard(ids, (x) => x, { index, count })) {
          expect(seen.has(id)).toBe(false);
          seen.set(id, index);
        }
      }
      expect(seen.size).toBe(ids.length);
    }
  });

  it('is deterministic and independent of order and case', () => {
    const reversed = [...ids].reverse();
    const a = inShard(ids, (x) => x, { index: 2, count: 3 }).sort();
    const b = inShard(reversed, (x) => x, { index: 2, count: 3 }).sort();
    expect(a).toEqual(b);
    expect(shardOf(ids[0]!.toUpperCase(), 5)).toBe(shardOf(ids[0]!, 5));
  });

  it('spreads projects roughly evenly', () => {
    const counts = [1, 2, 3, 4].map((index) => inShard(ids, (x) => x, { index, count: 4 }).length);
    for (const c of counts) expect(c).toBeGreaterThan(80);
  });
});
