import { describe, expect, it } from 'vitest';
import { findUnsafePatterns, hasNestedQuantifier } from './redos-guard.js';

describe('hasNestedQuantifier', () => {
  it.each(['(a+)+', '^(\\w*)*$', '(x{2,})+', '((ab)*c)*', '(?:[a-z]+\\.)*x+(y|z+)+'])('refuses %s', (pattern) => {
    expect(hasNestedQuantifier(pattern)).toBe(true);
  });
  it.each(['^[a-z]+$', '(ab)+', 'a{1,3}', '(a?)+', '^https://[^/]+/keys/[^/]+$', '[(a+)]+', '\\(a+\\)+'])(
    'accepts %s',
    (pattern) => {
      expect(hasNestedQuantifier(pattern)).toBe(false);
    },
  );
});

describe('findUnsafePatterns', () => {
  it('finds patterns and patternProperties keys anywhere in a schema, and invalid regular expressions', () => {
    const schema = {
      properties: {
        pattern: { type: 'string' },
        name: { pattern: '^(a+)+$' },
        list: { items: [{ pattern: '[' }] },
      },
      patternProperties: { '^(\\d*)*$': true, '^ok$': true },
    };
    const found = findUnsafePatterns(schema);
    expect(found.map((f) => f.path)).toEqual([
      '/properties/name/pattern',
      '/properties/list/items/0/pattern',
      '/patternProperties/^(\\d*)*$',
    ]);
    expect(found[0]?.problem).toMatch(/nested quantifiers/);
    expect(found[1]?.problem).toMatch(/not a valid regular expression/);
  });

  it('refuses a pattern taken from the facts with $data', () => {
    const found = findUnsafePatterns({ properties: { name: { pattern: { $data: '/desired/regex' } } } });
    expect(found).toEqual([
      {
        path: '/properties/name/pattern',
        pattern: '{"$data":"/desired/regex"}',
        problem: 'a pattern taken from the facts ($data) could be made catastrophic by the checked file',
      },
    ]);
  });
});
