import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDesiredState } from '@atlas-cmk/core';
import { describe, expect, it } from 'vitest';
import { plan, renderJson } from '../src/index.js';
import { GOLDEN_WORLDS } from './golden-worlds.js';
import { live, PROJECT_ID } from './world.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

describe('purity', () => {
  it('does not modify its input and gives the same plan for the same input', () => {
    for (const w of Object.values(GOLDEN_WORLDS)) {
      const frozen = {
        documents: w.documents.map((d) => deepFreeze({ ...d, project: structuredClone(d.project) })),
        live: new Map([...w.live].map(([id, state]) => [id, deepFreeze(structuredClone(state))])),
      };
      const first = renderJson(plan(frozen).plan);
      expect(renderJson(plan(frozen).plan)).toBe(first);
      expect(first).toBe(renderJson(plan(w).plan));
    }
  });

  it('gives steps no shared arrays, so a consumer changing one step cannot change another', () => {
    const steps = plan(GOLDEN_WORLDS['rotate-and-repair']).plan.projects[0]?.steps ?? [];
    const arrays = steps.flatMap((s) => Object.values(s).filter((v): v is unknown[] => Array.isArray(v)));
    expect(new Set(arrays).size).toBe(arrays.length);
  });

  it('locates its diagnostics from data: the desired-state file may be gone by the time it plans', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-purity-'));
    const file = join(dir, 'desired.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: atlas-cmk/v1',
        'kind: ProjectEncryption',
        'metadata:',
        '  name: payments-prod',
        'spec:',
        `  projectId: ${PROJECT_ID}`,
        '  azureKeyVault:',
        '    enabled: false',
        '  clusters:',
        '    - name: orders',
        '      encryptionAtRest: false',
        '    - name: ghost',
        '      encryptionAtRest: false',
        '',
      ].join('\n'),
    );
    const { documents, diagnostics } = await loadDesiredState([file]);
    expect(diagnostics).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
    const result = plan({ documents, live: new Map([[PROJECT_ID, live({ clusters: [{ name: 'orders' }] })]]) });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'plan/cluster-not-found', file, line: 12, column: 13 }),
    ]);
    expect(result.plan.projects[0]).toMatchObject({ file, line: 1 });
  });
});
