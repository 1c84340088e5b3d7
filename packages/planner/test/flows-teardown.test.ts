import { describe, expect, it } from 'vitest';
import { plan } from '../src/index.js';
import { all, expectTopological, heads, only, runsAfter, step } from './steps.js';
import { PROJECT_ID, desired, live, world } from './world.js';

describe('teardown flows', () => {
  it('remove a region: delete its endpoint and wait until it is gone; nothing else', () => {
    const have = live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'ACTIVE', id: 'us1' },
        { region: 'EUROPE_NORTH', status: 'ACTIVE', id: 'eu1' },
      ],
    });
    const project = only(plan(world(desired({ regions: ['US_CENTRAL'] }), have)).plan);
    expect(heads(project)).toEqual(['endpoint.delete EUROPE_NORTH', 'endpoint.waitDeleted EUROPE_NORTH']);
    expect(step(project, 'endpoint.waitDeleted')).toMatchObject({
      endpointId: 'eu1',
      until: ['GONE'],
      dependsOn: ['endpoint.delete:EUROPE_NORTH:eu1'],
    });
    expect(project.resourceChanges.find((c) => c.address === 'endpoint.EUROPE_NORTH')).toMatchObject({
      action: 'delete',
      after: null,
    });
    expect(project.summary).toEqual({ add: 0, change: 0, destroy: 1, steps: 2 });
  });

  it('cluster opt-in and opt-out: each is waited to IDLE; unlisted clusters are left alone', () => {
    const want = desired({
      clusters: [
        { name: 'orders', encryptionAtRest: true },
        { name: 'archive', encryptionAtRest: false },
      ],
    });
    const have = live({
      cmk: true,
      clusters: [
        { name: 'orders', provider: 'NONE' },
        { name: 'archive', provider: 'AZURE' },
        { name: 'unlisted', provider: 'NONE' },
      ],
    });
    const project = only(plan(world(want, have)).plan);
    expect(heads(project)).toEqual([
      'cluster.enableCmk orders',
      'cluster.waitIdle orders',
      'cluster.disableCmk archive',
      'cluster.waitIdle archive',
    ]);
    expect(step(project, 'cluster.enableCmk')).toMatchObject({
      destructive: false,
      request: {
        method: 'PATCH',
        path: `/api/atlas/v2/groups/${PROJECT_ID}/clusters/orders`,
        body: { encryptionAtRestProvider: 'AZURE' },
      },
    });
    expect(step(project, 'cluster.disableCmk')).toMatchObject({
      destructive: true,
      request: { body: { encryptionAtRestProvider: 'NONE' } },
    });
    expect(step(project, 'cluster.waitIdle', 'archive')).toMatchObject({
      until: ['IDLE'],
      dependsOn: ['cluster.disableCmk:archive'],
    });
    expect(project.resourceChanges.some((c) => c.address === 'cluster.unlisted')).toBe(false);
  });

  it('disable private networking: delete every endpoint (waiting out INITIATING), wait until gone, then turn it off', () => {
    const have = live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'ACTIVE', id: 'us1' },
        { region: 'EUROPE_NORTH', status: 'INITIATING', id: 'eu1' },
      ],
    });
    const project = only(plan(world(desired({ requirePrivateNetworking: false }), have)).plan);
    expectTopological(project);
    expect(heads(project)).toEqual([
      'endpoint.waitPendingAcceptance EUROPE_NORTH',
      'endpoint.delete EUROPE_NORTH',
      'endpoint.waitDeleted EUROPE_NORTH',
      'endpoint.delete US_CENTRAL',
      'endpoint.waitDeleted US_CENTRAL',
      'ear.disablePrivateNetworking',
    ]);
    // Atlas refuses to delete an endpoint still provisioning: the plan waits for it to leave INITIATING.
    const leave = step(project, 'endpoint.waitPendingAcceptance');
    expect(leave).toMatchObject({ endpointId: 'eu1', target: 'EUROPE_NORTH' });
    expect((leave as { until: string[] }).until).not.toContain('INITIATING');
    expect(step(project, 'endpoint.delete', 'EUROPE_NORTH').dependsOn).toEqual([leave.id]);
    const off = step(project, 'ear.disablePrivateNetworking');
    expect([...off.dependsOn].sort()).toEqual([
      'endpoint.waitDeleted:EUROPE_NORTH:eu1',
      'endpoint.waitDeleted:US_CENTRAL:us1',
    ]);
    expect(off).toMatchObject({
      destructive: true,
      request: { body: { azureKeyVault: { enabled: true, requirePrivateNetworking: false } } },
    });
    expect(all(project, 'ear.disable')).toEqual([]);
  });

  it('disable CMK in one plan: endpoints deleted and gone, clusters to NONE and IDLE, then the project off', () => {
    const want = desired({ enabled: false, clusters: [{ name: 'orders', encryptionAtRest: false }] });
    const have = live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'ACTIVE', id: 'us1' },
        { region: 'EUROPE_NORTH', status: 'DELETING', id: 'eu1' },
      ],
      clusters: [{ name: 'orders', provider: 'AZURE' }],
    });
    const { plan: p, diagnostics } = plan(world(want, have));
    const project = only(p);
    expect(diagnostics).toEqual([]);
    expectTopological(project);
    const disable = step(project, 'ear.disable');
    expect(disable).toMatchObject({
      destructive: true,
      request: { method: 'PATCH', body: { azureKeyVault: { enabled: false } } },
    });
    expect(project.steps.at(-1)).toBe(disable);
    for (const del of all(project, 'endpoint.delete')) expect(runsAfter(project, disable, del)).toBe(true);
    for (const gone of all(project, 'endpoint.waitDeleted')) expect(runsAfter(project, disable, gone)).toBe(true);
    for (const off of all(project, 'cluster.disableCmk')) expect(runsAfter(project, disable, off)).toBe(true);
    expect(runsAfter(project, disable, step(project, 'cluster.waitIdle', 'orders'))).toBe(true);
    // The DELETING endpoint is only waited for; Atlas is already deleting it.
    expect(all(project, 'endpoint.delete').map((s) => s.target)).toEqual(['US_CENTRAL']);
    expect(step(project, 'endpoint.waitDeleted', 'EUROPE_NORTH')).toMatchObject({ endpointId: 'eu1', dependsOn: [] });
    expect(all(project, 'ear.disablePrivateNetworking')).toEqual([]);
    expect(project.resourceChanges.map((c) => [c.address, c.action])).toEqual([
      [`project.${PROJECT_ID}.encryptionAtRest`, 'delete'],
      ['endpoint.EUROPE_NORTH', 'read'],
      ['endpoint.US_CENTRAL', 'delete'],
      ['cluster.orders', 'update'],
    ]);
  });

  it('disable CMK while an unlisted cluster still uses the key: refused with a located error', () => {
    const have = live({ cmk: true, clusters: [{ name: 'ledger', provider: 'AZURE' }] });
    const { plan: p, diagnostics } = plan(world(desired({ enabled: false }), have));
    expect(p.projects).toEqual([]);
    expect(diagnostics).toMatchObject([
      { code: 'plan/unlisted-encrypted-cluster', severity: 'error', line: 22, projectId: PROJECT_ID },
    ]);
    expect(diagnostics[0]?.message).toContain('ledger');
  });
});
