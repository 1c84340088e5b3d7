import { describe, expect, it } from 'vitest';
import { FixtureError, loadFixtureFile, parseFixture } from './load-fixture.js';

function problems(text: string): string[] {
  try {
    parseFixture(text, 'world.yaml');
  } catch (error) {
    if (error instanceof FixtureError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('fixture loading', () => {
  it('accepts a minimal world', () => {
    expect(parseFixture('organizations: []\n', 'w.yaml')).toEqual({ organizations: [] });
  });

  it('locates schema problems at file:line:column', () => {
    const text = [
      'organizations:',
      '  - id: 66c9e8f1dd6c9960802420a1',
      '    name: Acme',
      '    projects:',
      '      - id: nothex',
      '        name: p',
      '        colour: red',
      '',
    ].join('\n');
    const found = problems(text);
    expect(found).toContain(
      'world.yaml:5:13: "organizations.0.projects.0.id" does not match the expected format ^[a-f0-9]{24}$',
    );
    expect(found).toContain('world.yaml:5:9: "organizations.0.projects.0" has an unknown field "colour"');
  });

  it('reports YAML syntax errors and a missing file with a location, not a stack', async () => {
    expect(problems('organizations: [\n')[0]).toMatch(/^world\.yaml:\d+:\d+: /);
    await expect(loadFixtureFile('/nonexistent/world.yaml')).rejects.toThrow(
      '/nonexistent/world.yaml:1:1: cannot read the fixture file (ENOENT)',
    );
  });

  it('loads the example world shipped in examples/sim-fixture.yaml', async () => {
    const fixture = await loadFixtureFile(new URL('../../../examples/sim-fixture.yaml', import.meta.url).pathname);
    const prod = fixture.organizations
      .flatMap((o) => o.projects ?? [])
      .find((p) => p.id === '66c9e8f1dd6c9960802420e9');
    expect(prod?.clusters?.map((c) => c.name)).toEqual(['orders', 'analytics']);
    expect(fixture.azure?.vaults?.some((v) => v.name === 'kv-payments')).toBe(true);
  });
});
