import { describe, expect, it } from 'vitest';
import { getDotted, getPointer, renderTemplate, toNodePath } from './template.js';

const facts = {
  projectId: 'p1',
  desired: { regions: ['US_CENTRAL', 'EUROPE_NORTH'], vault: { name: 'kv' }, empty: [] },
  item: { name: 'orders', index: 2 },
};

describe('renderTemplate', () => {
  it('fills dotted paths, lists, missing values and ${index}', () => {
    expect(renderTemplate('{{ desired.vault.name }} in {{desired.regions}}', facts)).toBe(
      'kv in US_CENTRAL, EUROPE_NORTH',
    );
    expect(
      renderTemplate('first {{ desired.regions.0 }}; none {{ desired.nope }}; empty {{ desired.empty }}', facts),
    ).toBe('first US_CENTRAL; none (none); empty (none)');
    expect(renderTemplate('spec.clusters.{{ item.index }}.name / ${index}', facts, 7)).toBe('spec.clusters.2.name / 7');
    expect(renderTemplate('keeps ${index} without an index', facts)).toBe('keeps ${index} without an index');
    expect(renderTemplate('{{ desired.vault }}', facts)).toBe('{"name":"kv"}');
  });
});

describe('paths', () => {
  it('reads JSON pointers and dotted paths, and builds document paths with numeric indexes', () => {
    expect(getPointer(facts, '/desired/regions/1')).toBe('EUROPE_NORTH');
    expect(getPointer(facts, '/desired/missing/x')).toBeUndefined();
    expect(getDotted(facts, 'item.name')).toBe('orders');
    expect(getDotted(facts, 'desired.regions.x')).toBeUndefined();
    expect(toNodePath('spec.clusters.2.name')).toEqual(['spec', 'clusters', 2, 'name']);
  });
});
