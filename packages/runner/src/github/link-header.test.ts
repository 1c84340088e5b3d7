import { describe, expect, it } from 'vitest';
import { linkUrl } from './link-header.js';

describe('linkUrl', () => {
  it('finds next among the relations GitHub sends, quoted or not', () => {
    const header =
      '<https://api.github.com/repositories/1/issues/2/comments?page=1>; rel="prev", <https://api.github.com/repositories/1/issues/2/comments?page=3>; rel="next", <https://api.github.com/repositories/1/issues/2/comments?page=9>; rel=last';
    expect(linkUrl(header, 'next')).toBe('https://api.github.com/repositories/1/issues/2/comments?page=3');
    expect(linkUrl(header, 'last')).toBe('https://api.github.com/repositories/1/issues/2/comments?page=9');
    expect(linkUrl(header, 'first')).toBeUndefined();
    expect(linkUrl(undefined, 'next')).toBeUndefined();
  });
});
