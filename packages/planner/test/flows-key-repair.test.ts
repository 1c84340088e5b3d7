import { describe, expect, it } from 'vitest';
import type { LiveProjectState } from '@atlas-cmk/core';
import { plan, type KeyFacts, type PlanOptions } from '../src/index.js';
import { all, expectTopological, heads, only, runsAfter, step } from './steps.js';
import { desired, KEY_1, KEY_2, live, world } from './world.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');

/** Live facts after Key Vault disabled the key: Atlas says `valid: false` and paused the CMK clusters. */
function keyRevoked(clusters: { name: string; provider?: 'AZURE' | 'NONE'; paused?: boolean }[]): LiveProjectState {
  const state = live({ cmk: true, clusters: clusters.map((c) => ({ name: c.name, provider: c.provider ?? 'AZURE' })) });
  return {
    ...state,
    encryptionAtRest: {
      ...state.encryptionAtRest,
      azureKeyVault: { ...state.encryptionAtRest.azureKeyVault, valid: false },
    },
    clusters: state.clusters.map((c, i) => ({ ...c, paused: clusters[i]?.paused ?? true })),
  };
}

function keys(facts: Partial<KeyFacts> = {}): Map<string, KeyFacts> {
  const key: KeyFacts = { keyIdentifier: KEY_1, enabled: false, expires: null, ...facts };
  return new Map([[key.keyIdentifier, key]]);
}

function planWith(
  want: Parameters<typeof desired>[0],
  have: LiveProjectState,
  options: PlanOptions = {},
): ReturnType<typeof only> {
  return only(plan({ ...world(desired(want), have), options: { nowMs: NOW, ...options } }).plan);
}

describe('key and paused-cluster repair', () => {
  it('disabled key: key.enable, then the EAR PATCH that makes Atlas validate it, then resume, then other cluster changes', () => {
    const have = keyRevoked([{ name: 'orders' }, { name: 'ledger', provider: 'NONE' }]);
    const project = planWith(
      {
        clusters: [
          { name: 'orders', encryptionAtRest: true },
          { name: 'ledger', encryptionAtRest: true },
        ],
      },
      have,
      { keys: keys() },
    );
    expectTopological(project);
    const enable = step(project, 'key.enable');
    expect(enable).toMatchObject({ keyIdentifier: KEY_1, keyVaultName: 'kv-payments', destructive: false });
    expect(enable.request).toBeUndefined();
    const ear = step(project, 'ear.update');
    expect(ear.dependsOn).toEqual([enable.id]);
    expect(ear.description).toBe('Have Atlas validate the key again');
    const resumeOrders = step(project, 'cluster.resume', 'orders');
    const resumeLedger = step(project, 'cluster.resume', 'ledger');
    for (const resume of [resumeOrders, resumeLedger]) {
      expect(resume.request).toMatchObject({ method: 'PATCH', body: { paused: false } });
      expect(resume.destructive).toBe(false);
      expect(runsAfter(project, resume, ear)).toBe(true);
      expect(runsAfter(project, resume, enable)).toBe(true);
    }
    // ledger also needs CMK turned on, which Atlas accepts only on a running cluster.
    const cmk = step(project, 'cluster.enableCmk', 'ledger');
    expect(runsAfter(project, cmk, resumeLedger)).toBe(true);
    const resumedWait = project.steps.find((s) => s.id === 'cluster.waitIdle:ledger:resumed');
    expect(resumedWait).toMatchObject({ kind: 'cluster.waitIdle', paused: false, until: ['IDLE'] });
    expect(cmk.dependsOn).toContain('cluster.waitIdle:ledger:resumed');
    expect(project.resourceChanges.map((c) => [c.address, c.action])).toEqual([
      ['key.atlas/78b9134f9bc94fda8027a32b4715bf3f', 'update'],
      ['project.66c9e8f1dd6c9960802420e9.encryptionAtRest', 'update'],
      ['cluster.orders', 'update'],
      ['cluster.ledger', 'update'],
    ]);
    expect(project.resourceChanges[1]?.reason).toMatch(/validates the key again/);
  });

  it('repairKeys false: the disabled key stays disabled and the clusters it paused stay paused', () => {
    const project = planWith(
      { clusters: [{ name: 'orders', encryptionAtRest: true }] },
      keyRevoked([{ name: 'orders' }]),
      {
        keys: keys(),
        repairKeys: false,
      },
    );
    expect(project.steps).toEqual([]);
    expect(project.warnings.join('\n')).toMatch(/key repair is off/);
    expect(project.warnings.join('\n')).toMatch(/Cluster orders stays paused/);
  });

  it('an expired key is not enabled: nothing can make it usable but a rotation', () => {
    const project = planWith(
      { clusters: [{ name: 'orders', encryptionAtRest: true }] },
      keyRevoked([{ name: 'orders' }]),
      {
        keys: keys({ expires: '2026-11-01T00:00:00.000Z' }),
      },
    );
    expect(all(project, 'key.enable')).toEqual([]);
    expect(all(project, 'cluster.resume')).toEqual([]);
    expect(project.warnings.join('\n')).toMatch(/expired/);
  });

  it('without key facts (plan and apply), valid: false plans no resume of a CMK cluster; the plan is as before', () => {
    const project = planWith(
      { clusters: [{ name: 'orders', encryptionAtRest: true }] },
      keyRevoked([{ name: 'orders' }]),
    );
    expect(project.steps).toEqual([]);
    expect(project.summary).toMatchObject({ add: 0, change: 0, destroy: 0 });
  });

  it('a key a person enabled again: no key.enable, but Atlas is made to validate it, then the cluster resumes', () => {
    const project = planWith(
      { clusters: [{ name: 'orders', encryptionAtRest: true }] },
      keyRevoked([{ name: 'orders' }]),
      {
        keys: keys({ enabled: true }),
      },
    );
    expect(heads(project)).toEqual(['ear.update', 'cluster.resume orders', 'cluster.waitIdle orders']);
  });

  it('only the key the desired file names counts: facts of another key plan nothing', () => {
    const project = planWith(
      { clusters: [{ name: 'orders', encryptionAtRest: true }] },
      keyRevoked([{ name: 'orders' }]),
      {
        keys: keys({ keyIdentifier: KEY_2 }),
      },
    );
    expect(all(project, 'key.enable')).toEqual([]);
  });

  it('a cluster paused while the key is valid is resumed; paused: true keeps it paused; paused: true pauses a running one', () => {
    const base = live({ cmk: true, clusters: [{ name: 'orders', provider: 'AZURE' }] });
    const paused = { ...base, clusters: base.clusters.map((c) => ({ ...c, paused: true })) };
    const resume = planWith({ clusters: [{ name: 'orders', encryptionAtRest: true }] }, paused);
    expect(heads(resume)).toEqual(['cluster.resume orders', 'cluster.waitIdle orders']);
    expect(resume.resourceChanges[1]).toMatchObject({
      action: 'update',
      before: { paused: true },
      after: { paused: false },
    });
    const keep = planWith({ clusters: [{ name: 'orders', encryptionAtRest: true, paused: true }] }, paused);
    expect(keep.steps).toEqual([]);
    expect(keep.resourceChanges[1]).toMatchObject({ action: 'no-op', after: { paused: true } });
    const pause = planWith({ clusters: [{ name: 'orders', encryptionAtRest: true, paused: true }] }, base);
    expect(heads(pause)).toEqual(['cluster.pause orders', 'cluster.waitIdle orders']);
    expect(step(pause, 'cluster.pause', 'orders')).toMatchObject({
      destructive: true,
      request: { method: 'PATCH', body: { paused: true } },
    });
  });

  it('paused: true with a CMK change on the same cluster: the change first, the pause last', () => {
    const base = live({ cmk: true, clusters: [{ name: 'orders', provider: 'NONE' }] });
    const project = planWith({ clusters: [{ name: 'orders', encryptionAtRest: true, paused: true }] }, base);
    expectTopological(project);
    expect(
      runsAfter(project, step(project, 'cluster.pause', 'orders'), step(project, 'cluster.enableCmk', 'orders')),
    ).toBe(true);
    expect(project.steps.map((s) => s.id)).toContain('cluster.waitIdle:orders:paused');
  });

  it('paused: true on a paused cluster with a CMK change: nothing Atlas would refuse is planned, a warning says why', () => {
    const base = live({ cmk: true, clusters: [{ name: 'orders', provider: 'NONE' }] });
    const paused = { ...base, clusters: base.clusters.map((c) => ({ ...c, paused: true })) };
    const project = planWith({ clusters: [{ name: 'orders', encryptionAtRest: true, paused: true }] }, paused);
    expect(project.steps).toEqual([]);
    expect(project.warnings.join('\n')).toMatch(/waits until it runs/);
  });
});
