import { describe, expect, it } from 'vitest';
import { plan } from '../src/index.js';
import { all, expectTopological, heads, only, runsAfter, step } from './steps.js';
import { PROJECT_ID, desired, live, world } from './world.js';

describe('bring-up flows', () => {
  it('first enable: project CMK, then the listed cluster opts in and is waited for', () => {
    const { plan: p, diagnostics } = plan(
      world(
        desired({ clusters: [{ name: 'orders', encryptionAtRest: true }] }),
        live({ clusters: [{ name: 'orders' }, { name: 'other' }] }),
      ),
    );
    const project = only(p);
    expect(diagnostics).toEqual([]);
    expect(heads(project)).toEqual(['ear.enable', 'cluster.enableCmk orders', 'cluster.waitIdle orders']);
    expect(step(project, 'cluster.enableCmk').dependsOn).toEqual(['ear.enable']);
    expect(step(project, 'ear.enable').request).toMatchObject({
      method: 'PATCH',
      path: `/api/atlas/v2/groups/${PROJECT_ID}/encryptionAtRest`,
      body: { azureKeyVault: { enabled: true, keyVaultName: 'kv-payments', requirePrivateNetworking: false } },
    });
    expect(project.resourceChanges.map((c) => [c.address, c.action])).toEqual([
      [`project.${PROJECT_ID}.encryptionAtRest`, 'create'],
      ['cluster.orders', 'update'],
    ]);
    expect(project.summary).toEqual({ add: 1, change: 1, destroy: 0, steps: 3 });
  });

  it('private networking: required after CMK, before any endpoint.create; one independent chain per region', () => {
    const { plan: p } = plan(
      world(desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'] }), live({ cmk: true, requirePrivateNetworking: false })),
    );
    const project = only(p);
    expectTopological(project);
    expect(heads(project)).toEqual([
      'ear.requirePrivateNetworking',
      'endpoint.create US_CENTRAL',
      'endpoint.waitPendingAcceptance US_CENTRAL',
      'endpoint.approve US_CENTRAL',
      'endpoint.waitActive US_CENTRAL',
      'endpoint.create EUROPE_NORTH',
      'endpoint.waitPendingAcceptance EUROPE_NORTH',
      'endpoint.approve EUROPE_NORTH',
      'endpoint.waitActive EUROPE_NORTH',
    ]);
    const require = step(project, 'ear.requirePrivateNetworking');
    for (const create of all(project, 'endpoint.create')) expect(create.dependsOn).toEqual([require.id]);
    for (const region of ['US_CENTRAL', 'EUROPE_NORTH']) {
      expect(step(project, 'endpoint.waitPendingAcceptance', region).dependsOn).toEqual([
        step(project, 'endpoint.create', region).id,
      ]);
      expect(step(project, 'endpoint.approve', region).dependsOn).toEqual([
        step(project, 'endpoint.waitPendingAcceptance', region).id,
      ]);
      expect(step(project, 'endpoint.waitActive', region).dependsOn).toEqual([
        step(project, 'endpoint.approve', region).id,
      ]);
    }
    // Regions run in parallel: neither chain waits for the other.
    expect(
      runsAfter(
        project,
        step(project, 'endpoint.approve', 'EUROPE_NORTH'),
        step(project, 'endpoint.create', 'US_CENTRAL'),
      ),
    ).toBe(false);
    expect(
      runsAfter(
        project,
        step(project, 'endpoint.approve', 'US_CENTRAL'),
        step(project, 'endpoint.create', 'EUROPE_NORTH'),
      ),
    ).toBe(false);
    expect(step(project, 'endpoint.create', 'US_CENTRAL').request).toEqual({
      method: 'POST',
      path: `/api/atlas/v2/groups/${PROJECT_ID}/encryptionAtRest/AZURE/privateEndpoints`,
      body: { regionName: 'US_CENTRAL' },
    });
    expect(step(project, 'endpoint.approve', 'US_CENTRAL')).toMatchObject({
      approval: 'manual',
      subscriptionID: '009774e0-124f-4a69-83e0-ca8cd8acb4e2',
      resourceGroupName: 'rg-payments',
      keyVaultName: 'kv-payments',
      region: 'US_CENTRAL',
      target: 'US_CENTRAL',
    });
  });

  it('first enable with private networking and a cluster: cluster waits for every endpoint to be ACTIVE', () => {
    const want = desired({
      regions: ['US_CENTRAL', 'EUROPE_NORTH'],
      approval: 'azure',
      clusters: [{ name: 'orders', encryptionAtRest: true }],
    });
    const project = only(plan(world(want, live({ clusters: [{ name: 'orders' }] }))).plan);
    expectTopological(project);
    const enable = step(project, 'ear.enable');
    const require = step(project, 'ear.requirePrivateNetworking');
    expect(require.dependsOn).toEqual([enable.id]);
    expect(step(project, 'endpoint.approve', 'US_CENTRAL')).toMatchObject({ approval: 'azure' });
    const cluster = step(project, 'cluster.enableCmk', 'orders');
    expect([...cluster.dependsOn].sort()).toEqual([
      'endpoint.waitActive:EUROPE_NORTH',
      'endpoint.waitActive:US_CENTRAL',
    ]);
    expect(runsAfter(project, cluster, enable)).toBe(true);
    expect(step(project, 'cluster.waitIdle', 'orders').dependsOn).toEqual([cluster.id]);
  });

  it('add a region: only the new region gets a chain; the ACTIVE one is a no-op', () => {
    const have = live({ cmk: true, endpoints: [{ region: 'US_CENTRAL', status: 'ACTIVE' }] });
    const project = only(plan(world(desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'] }), have)).plan);
    expect(heads(project)).toEqual([
      'endpoint.create EUROPE_NORTH',
      'endpoint.waitPendingAcceptance EUROPE_NORTH',
      'endpoint.approve EUROPE_NORTH',
      'endpoint.waitActive EUROPE_NORTH',
    ]);
    expect(step(project, 'endpoint.create').dependsOn).toEqual([]);
    expect(project.resourceChanges.map((c) => [c.address, c.action])).toEqual([
      [`project.${PROJECT_ID}.encryptionAtRest`, 'no-op'],
      ['endpoint.US_CENTRAL', 'no-op'],
      ['endpoint.EUROPE_NORTH', 'create'],
    ]);
    expect(project.summary).toEqual({ add: 1, change: 0, destroy: 0, steps: 4 });
  });

  it('endpoint already PENDING_ACCEPTANCE: approve it and wait, nothing else', () => {
    const have = live({ cmk: true, endpoints: [{ region: 'US_CENTRAL', status: 'PENDING_ACCEPTANCE', id: 'e1' }] });
    const project = only(plan(world(desired({ regions: ['US_CENTRAL'] }), have)).plan);
    expect(heads(project)).toEqual(['endpoint.approve US_CENTRAL', 'endpoint.waitActive US_CENTRAL']);
    expect(step(project, 'endpoint.approve')).toMatchObject({ endpointId: 'e1', dependsOn: [] });
    expect(step(project, 'endpoint.waitActive')).toMatchObject({ endpointId: 'e1', until: ['ACTIVE'] });
    expect(project.resourceChanges[1]).toMatchObject({ address: 'endpoint.US_CENTRAL', action: 'update' });
  });

  it('endpoint still INITIATING: wait for PENDING_ACCEPTANCE, approve, wait for ACTIVE', () => {
    const have = live({ cmk: true, endpoints: [{ region: 'US_CENTRAL', status: 'INITIATING', id: 'e1' }] });
    const project = only(plan(world(desired({ regions: ['US_CENTRAL'] }), have)).plan);
    expect(heads(project)).toEqual([
      'endpoint.waitPendingAcceptance US_CENTRAL',
      'endpoint.approve US_CENTRAL',
      'endpoint.waitActive US_CENTRAL',
    ]);
    expect(step(project, 'endpoint.waitPendingAcceptance')).toMatchObject({
      endpointId: 'e1',
      until: ['PENDING_ACCEPTANCE', 'ACTIVE'],
    });
    expect(all(project, 'endpoint.create')).toEqual([]);
  });
});
