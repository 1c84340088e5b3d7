import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = new URL('../../', import.meta.url).pathname;

// The repository stands alone: a clone in an empty folder builds, tests and runs. Reading material that sits
// beside a development checkout (a `shared/` folder one level up) must never be reached at build, test or run
// time, so no tracked source, script, config or data file may name a path into it.
describe('the repository stands alone', () => {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f.length > 0 && !f.endsWith('.md') && f !== 'pnpm-lock.yaml');

  it('names no path outside the repository to a shared folder in any tracked file', () => {
    const outward = /(\.\.\/)+shared\b|\bshared\/contracts\b|\bshared\/tools\b/;
    const offenders = tracked.filter((file) => outward.test(readFileSync(join(REPO_ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('finds the contracts the simulator validates against inside its own package, with their provenance', () => {
    const dir = join(REPO_ROOT, 'packages/atlas-sim/contracts');
    const provenance = readFileSync(join(dir, 'PROVENANCE.md'), 'utf8');
    for (const file of ['atlas-admin-v2.subset.openapi.yaml', 'azure-keyvault.subset.md']) {
      expect(readFileSync(join(dir, file), 'utf8').length, file).toBeGreaterThan(1000);
      expect(provenance, `PROVENANCE.md names ${file}`).toContain(file);
    }
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/atlas-sim/package.json'), 'utf8')) as {
      files: string[];
    };
    expect(manifest.files).toContain('contracts');
  });
});
