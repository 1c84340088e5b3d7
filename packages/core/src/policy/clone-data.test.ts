import { describe, expect, it } from 'vitest';
import { cloneData } from './clone-data.js';

describe('cloneData', () => {
  it('copies plain data deeply: equal, and no object or array shared with the input', () => {
    const input = { a: [1, { b: 'x', c: null }], d: { e: true, f: { g: 2.5 } }, h: [] as unknown[] };
    const copy = cloneData(input);
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
    expect(copy.a).not.toBe(input.a);
    expect(copy.a[1]).not.toBe(input.a[1]);
    expect(copy.d.f).not.toBe(input.d.f);
    copy.d.f.g = 9;
    (copy.a[1] as { b: string }).b = 'changed';
    expect(input.d.f.g).toBe(2.5);
    expect((input.a[1] as { b: string }).b).toBe('x');
  });

  it('gives what structuredClone gives for YAML data, key order included', () => {
    const data = { z: 1, a: { list: ['x', 'y'], nested: [{ k: 'v' }] }, m: null, empty: {} };
    expect(JSON.stringify(cloneData(data))).toBe(JSON.stringify(structuredClone(data)));
  });
});
