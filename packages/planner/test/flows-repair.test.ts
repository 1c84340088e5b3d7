import { describe, expect, it } from 'vitest';
import { plan } from '../src/index.js';
import { all, expectTopological, heads, only, step } from './steps.js';
import { desired, live, world } from './world.js';

describe('repair flows', () => {
  it('FAILED endpoint: delete it, wait until gone, create again and bring it up, in one plan', () => {
    const have = live({
      cmk: true,
      endpoints: [{ region: 'US_CENTRAL', status: 'FAILED', id: 'bad1', errorMessage: 'subnet full' }],
    });
    const project = only(plan(world(desired({ regions: ['US_CENTRAL'] }), have)).plan);
    expectTopological(project);
    expect(heads(project)).toEqual([
      'endpoint.delete US_CENTRAL',
      'endpoint.waitDeleted US_CENTRAL',
      'endpoint.create US_CENTRAL',
      'endpoint.waitPendingAcceptance US_CENTRAL',
      'endpoint.approve US_CENTRAL',
      'endpoint.waitActive US_CENTRAL',
    ]);
    const del = step(project, 'endpoint.delete');
    expect(del).toMatchObject({ endpointId: 'bad1', destructive: true, request: { method: 'DELETE' } });
    expect(del.request?.path).toMatch(/\/privateEndpoints\/bad1$/);
    expect(step(project, 'endpoint.create').dependsOn).toEqual([step(project, 'endpoint.waitDeleted').id]);
    // The new endpoint is told apart from the old one while it is polled.
    expect(step(project, 'endpoint.waitPendingAcceptance')).toMatchObject({ ignoreEndpointIds: ['bad1'] });
    expect(project.resourceChanges[1]).toMatchObject({ address: 'endpoint.US_CENTRAL', action: 'replace' });
    expect(project.summary).toMatchObject({ add: 1, destroy: 1 });
    expect(project.warnings).toEqual([
      'Endpoint bad1 in US_CENTRAL is FAILED (subnet full): it is deleted and created again.',
    ]);
  });

  it('PENDING_RECREATION: no create; wait for the new endpoint Atlas makes, approve it, wait for ACTIVE', () => {
    const have = live({ cmk: true, endpoints: [{ region: 'US_CENTRAL', status: 'PENDING_RECREATION', id: 'old1' }] });
    const project = only(plan(world(desired({ regions: ['US_CENTRAL'] }), have)).plan);
    expect(heads(project)).toEqual([
      'endpoint.waitPendingAcceptance US_CENTRAL',
      'endpoint.approve US_CENTRAL',
      'endpoint.waitActive US_CENTRAL',
    ]);
    expect(all(project, 'endpoint.create')).toEqual([]);
    expect(all(project, 'endpoint.delete')).toEqual([]);
    const wait = step(project, 'endpoint.waitPendingAcceptance');
    expect(wait).toMatchObject({ ignoreEndpointIds: ['old1'], until: ['PENDING_ACCEPTANCE', 'ACTIVE'] });
    expect('endpointId' in wait).toBe(false);
    expect(step(project, 'endpoint.approve').dependsOn).toEqual([wait.id]);
    expect(project.resourceChanges[1]?.reason).toMatch(/PENDING_RECREATION/);
  });

  it('PENDING_RECREATION with the new INITIATING endpoint already there: that one is awaited and approved', () => {
    const have = live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'PENDING_RECREATION', id: 'old1' },
        { region: 'US_CENTRAL', status: 'INITIATING', id: 'new1' },
      ],
    });
    const project = only(plan(world(desired({ regions: ['US_CENTRAL'] }), have)).plan);
    expect(heads(project)).toEqual([
      'endpoint.waitPendingAcceptance US_CENTRAL',
      'endpoint.approve US_CENTRAL',
      'endpoint.waitActive US_CENTRAL',
    ]);
    expect(step(project, 'endpoint.approve')).toMatchObject({ endpointId: 'new1', ignoreEndpointIds: ['old1'] });
  });

  it('DELETING endpoint in a desired region: wait until gone before recreating, with a warning diagnostic', () => {
    const have = live({ cmk: true, endpoints: [{ region: 'US_CENTRAL', status: 'DELETING', id: 'gone1' }] });
    const { plan: p, diagnostics } = plan(world(desired({ regions: ['US_CENTRAL'] }), have));
    const project = only(p);
    expect(heads(project).slice(0, 2)).toEqual(['endpoint.waitDeleted US_CENTRAL', 'endpoint.create US_CENTRAL']);
    expect(all(project, 'endpoint.delete')).toEqual([]);
    expect(step(project, 'endpoint.create').dependsOn).toEqual([step(project, 'endpoint.waitDeleted').id]);
    expect(diagnostics).toMatchObject([{ code: 'plan/endpoint-deleting', severity: 'warning', file: 'payments.yaml' }]);
  });
});

describe('regions with several endpoints', () => {
  it('an ACTIVE endpoint settles the region: a stale FAILED one beside it is neither touched nor reported', () => {
    const have = live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'FAILED', id: 'bad1' },
        { region: 'US_CENTRAL', status: 'ACTIVE', id: 'ok1' },
      ],
    });
    const { plan: p, diagnostics } = plan(world(desired({ regions: ['US_CENTRAL'] }), have));
    const project = only(p);
    expect(project.steps).toEqual([]);
    expect(project.warnings).toEqual([]);
    expect(diagnostics).toEqual([]);
    expect(project.resourceChanges[1]).toMatchObject({ action: 'no-op', before: { id: 'ok1', status: 'ACTIVE' } });
  });

  it('a DELETING endpoint beside one awaiting approval: approve that one, no recreate warning', () => {
    const have = live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'DELETING', id: 'old1' },
        { region: 'US_CENTRAL', status: 'PENDING_ACCEPTANCE', id: 'new1' },
      ],
    });
    const { plan: p, diagnostics } = plan(world(desired({ regions: ['US_CENTRAL'] }), have));
    expect(heads(only(p))).toEqual(['endpoint.approve US_CENTRAL', 'endpoint.waitActive US_CENTRAL']);
    expect(step(only(p), 'endpoint.approve')).toMatchObject({ endpointId: 'new1', ignoreEndpointIds: ['old1'] });
    expect(diagnostics).toEqual([]);
  });

  it('three endpoints in use in one region: the ACTIVE one stays, the others are deleted (drift)', () => {
    const have = live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'PENDING_ACCEPTANCE', id: '6750a1b0000000000000000a' },
        { region: 'US_CENTRAL', status: 'ACTIVE', id: '6750a1b2000000000000000b' },
        { region: 'US_CENTRAL', status: 'INITIATING', id: '6750a1b1000000000000000c' },
      ],
    });
    const project = only(plan(world(desired({ regions: ['US_CENTRAL'] }), have)).plan);
    expectTopological(project);
    const deletes = all(project, 'endpoint.delete').flatMap((d) => (d.kind === 'endpoint.delete' ? [d] : []));
    expect(deletes.map((d) => [d.endpointId, d.keepEndpointId])).toEqual([
      ['6750a1b0000000000000000a', '6750a1b2000000000000000b'],
      ['6750a1b1000000000000000c', '6750a1b2000000000000000b'],
    ]);
    expect(deletes[1]?.description).toBe(
      'Delete duplicate endpoint 6750a1b1000000000000000c in US_CENTRAL (INITIATING); 6750a1b2000000000000000b stays',
    );
    // Atlas refuses to delete an endpoint that is still provisioning.
    expect(deletes[1]?.dependsOn).toEqual(['endpoint.waitPendingAcceptance:US_CENTRAL:6750a1b1000000000000000c']);
    expect(all(project, 'endpoint.create')).toEqual([]);
    expect(all(project, 'endpoint.approve')).toEqual([]);
    expect(project.resourceChanges[1]).toMatchObject({
      address: 'endpoint.US_CENTRAL',
      action: 'update',
      before: { id: '6750a1b2000000000000000b', status: 'ACTIVE' },
      after: { id: '6750a1b2000000000000000b', status: 'ACTIVE' },
      reason: '3 endpoints in one region: 6750a1b2000000000000000b (ACTIVE) stays, the other 2 are deleted',
    });
    expect(project.resourceChanges[1]?.patch).toEqual([{ op: 'remove', path: '/duplicates' }]);
    expect(project.summary.change).toBe(1);
  });

  it('two endpoints awaiting approval: the older one is approved, the newer one deleted', () => {
    const have = live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'PENDING_ACCEPTANCE', id: '6750a1b3000000000000000a' },
        { region: 'US_CENTRAL', status: 'PENDING_ACCEPTANCE', id: '6750a1b2000000000000000b' },
      ],
    });
    const project = only(plan(world(desired({ regions: ['US_CENTRAL'] }), have)).plan);
    expect(step(project, 'endpoint.approve')).toMatchObject({ endpointId: '6750a1b2000000000000000b' });
    expect(step(project, 'endpoint.delete')).toMatchObject({
      endpointId: '6750a1b3000000000000000a',
      keepEndpointId: '6750a1b2000000000000000b',
    });
  });

  it('one endpoint per region after the duplicates are gone: no changes', () => {
    const have = live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'ACTIVE', id: '6750a1b2000000000000000b' },
        { region: 'US_CENTRAL', status: 'DELETING', id: '6750a1b3000000000000000a' },
      ],
    });
    const project = only(plan(world(desired({ regions: ['US_CENTRAL'] }), have)).plan);
    expect(project.steps).toEqual([]);
  });
});
