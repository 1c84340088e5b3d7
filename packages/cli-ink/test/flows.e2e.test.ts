import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from './run-cli.js';
import { desired, startWorld, stepKinds, type World, verifyAndClose } from './world.js';

const KEY_V2 = 'https://kv-payments.vault.azure.net/keys/atlas/0c5d7e3a9b1f4d2e8a6c4b2f1e3d5c7a';
const BOTH = ['US_CENTRAL', 'EUROPE_NORTH'];
const ORDERS_ON = [{ name: 'orders', encryptionAtRest: true }];
const FAST = ['--auto-approve', '--format', 'plain', '--poll-interval', '50ms'];

let world: World;

/** Plan a desired state as JSON; returns the steps of the project. */
async function planSteps(text: string): Promise<{ id: string; kind: string; target: string; dependsOn: string[] }[]> {
  const file = world.write('desired.yaml', text);
  const r = await world.cli(['plan', file, '--format', 'json']);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  return stepKinds(r.stdout);
}

async function apply(text: string): Promise<string> {
  const file = world.write('desired.yaml', text);
  const r = await world.cli(['apply', file, ...FAST]);
  expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  expect(r.stdout).toContain('Apply complete');
  expect(r.code).toBe(0);
  return r.stdout;
}

async function expectNoChanges(text: string): Promise<void> {
  const file = world.write('desired.yaml', text);
  const r = await world.cli(['plan', file, '--detailed-exitcode']);
  expect(r.stdout).toContain('No changes.');
  expect(r.code).toBe(0);
}

function index(steps: { kind: string; target: string }[], kind: string, target?: string): number {
  const i = steps.findIndex((s) => s.kind === kind && (target === undefined || s.target === target));
  expect(i, `${kind} ${target ?? ''} in ${steps.map((s) => s.kind).join(',')}`).toBeGreaterThanOrEqual(0);
  return i;
}

async function endpoints(): Promise<{ regionName: string; status: string; id: string }[]> {
  const state = (await (await fetch(`${world.sim.urls.control}/state`)).json()) as {
    organizations?: unknown;
  };
  const text = JSON.stringify(state);
  const found: { regionName: string; status: string; id: string }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.regionName === 'string' && typeof o.status === 'string' && typeof o.id === 'string')
        found.push(o as never);
      else Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(text));
  return found;
}

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await verifyAndClose(world);
});

describe('plan and apply, flow by flow, against atlas-sim', () => {
  it('first enable: one ear.enable, then no changes', async () => {
    const text = desired({});
    const steps = await planSteps(text);
    expect(steps.map((s) => s.kind)).toEqual(['ear.enable']);
    await apply(text);
    await expectNoChanges(text);
  });

  it('enable private networking, an endpoint per region, approval in Azure, then the cluster', async () => {
    const text = desired({ regions: BOTH, clusters: ORDERS_ON });
    const steps = await planSteps(text);
    const pn = index(steps, 'ear.requirePrivateNetworking');
    for (const region of BOTH) {
      const create = index(steps, 'endpoint.create', region);
      expect(pn).toBeLessThan(create);
      expect(steps[create]!.dependsOn.length).toBeGreaterThan(0);
      expect(index(steps, 'endpoint.approve', region)).toBeGreaterThan(
        index(steps, 'endpoint.waitPendingAcceptance', region),
      );
      expect(index(steps, 'cluster.enableCmk', 'orders')).toBeGreaterThan(index(steps, 'endpoint.waitActive', region));
    }
    const out = await apply(text);
    expect(out).toContain('approved in Azure');
    const live = await endpoints();
    expect(
      live
        .filter((e) => e.status === 'ACTIVE')
        .map((e) => e.regionName)
        .sort(),
    ).toEqual(['EUROPE_NORTH', 'US_CENTRAL']);
    await expectNoChanges(text);
  });

  it('rotates the key: old -> new key version in the same vault', async () => {
    const text = desired({ regions: BOTH, clusters: ORDERS_ON, keyIdentifier: KEY_V2 });
    const file = world.write('desired.yaml', text);
    const plan = await world.cli(['plan', file]);
    expect(plan.stdout).toMatch(/78b9134f.*->.*0c5d7e3a/s);
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    await apply(text);
    await expectNoChanges(text);
  });

  it('removes a region and adds it back', async () => {
    const waiver =
      '    - rule: cmk/endpoint-regions-cover-clusters\n      reason: EU nodes move\n      expires: 2999-01-01';
    const removed = desired({ regions: ['US_CENTRAL'], clusters: ORDERS_ON, keyIdentifier: KEY_V2, waivers: waiver });
    const steps = await planSteps(removed);
    expect(steps.map((s) => `${s.kind} ${s.target}`)).toEqual([
      'endpoint.delete EUROPE_NORTH',
      'endpoint.waitDeleted EUROPE_NORTH',
    ]);
    await apply(removed);
    expect((await endpoints()).map((e) => e.regionName)).toEqual(['US_CENTRAL']);

    const added = desired({ regions: BOTH, clusters: ORDERS_ON, keyIdentifier: KEY_V2 });
    const again = await planSteps(added);
    expect(again.map((s) => s.kind)).toEqual([
      'endpoint.create',
      'endpoint.waitPendingAcceptance',
      'endpoint.approve',
      'endpoint.waitActive',
    ]);
    await apply(added);
    await expectNoChanges(added);
  });

  it('an endpoint rejected in Azure: PENDING_RECREATION, then the new endpoint is approved again', async () => {
    const text = desired({ regions: BOTH, clusters: ORDERS_ON, keyIdentifier: KEY_V2 });
    const us = (await endpoints()).find((e) => e.regionName === 'US_CENTRAL')!;
    const connections = await world.listConnections();
    const approved = connections.filter((c) => c.properties.privateLinkServiceConnectionState.status === 'Approved');
    const usConnection =
      approved.find((c) => c.name.includes('us_central') || c.name.includes('us-central')) ?? approved[0]!;
    expect(await world.azureConnection(usConnection.name, 'Rejected')).toBe(200);
    await world.sim.advance(600);
    const statuses = (await endpoints()).filter((e) => e.regionName === 'US_CENTRAL').map((e) => e.status);
    expect(statuses.some((s) => s === 'PENDING_RECREATION' || s === 'INITIATING' || s === 'PENDING_ACCEPTANCE')).toBe(
      true,
    );
    expect(us.status).toBe('ACTIVE');

    const steps = await planSteps(text);
    expect(steps.some((s) => s.kind === 'endpoint.create')).toBe(false);
    index(steps, 'endpoint.approve', 'US_CENTRAL');
    await apply(text);
    const now = (await endpoints()).filter((e) => e.regionName === 'US_CENTRAL');
    expect(now.filter((e) => e.status === 'ACTIVE')).toHaveLength(1);
    await expectNoChanges(text);
  });

  it('a FAILED endpoint is reported, then deleted and recreated by the next apply', async () => {
    const waiver =
      '    - rule: cmk/endpoint-regions-cover-clusters\n      reason: EU nodes move\n      expires: 2999-01-01';
    await apply(desired({ regions: ['US_CENTRAL'], clusters: ORDERS_ON, keyIdentifier: KEY_V2, waivers: waiver }));
    world.sim.setFaults({ seed: 1, rules: [{ kind: 'endpointFail', rate: 1, times: 1 }] } as never);
    const text = desired({ regions: BOTH, clusters: ORDERS_ON, keyIdentifier: KEY_V2 });
    const file = world.write('desired.yaml', text);
    const failed = await world.cli(['apply', file, ...FAST]);
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toMatch(/FAILED/);
    expect(hasStackTrace(failed.stdout + failed.stderr)).toBe(false);
    world.sim.setFaults({ seed: 1, rules: [] } as never);

    const steps = await planSteps(text);
    expect(index(steps, 'endpoint.delete', 'EUROPE_NORTH')).toBeLessThan(
      index(steps, 'endpoint.create', 'EUROPE_NORTH'),
    );
    await apply(text);
    const eu = (await endpoints()).filter((e) => e.regionName === 'EUROPE_NORTH');
    expect(eu.map((e) => e.status)).toEqual(['ACTIVE']);
  });

  it('refuses a saved plan once the live state changed, and applies a current one without asking', async () => {
    const text = desired({
      regions: BOTH,
      clusters: [
        { name: 'orders', encryptionAtRest: true },
        { name: 'analytics', encryptionAtRest: true },
      ],
      keyIdentifier: KEY_V2,
    });
    const file = world.write('desired.yaml', text);
    const saved = await world.cli(['plan', file, '--out', 'plan.json']);
    expect(saved.code).toBe(0);
    expect(statSync(join(world.dir, 'plan.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(world.dir, 'plan.json'), 'utf8')).toContain('cluster.enableCmk');

    // Somebody changes the project behind the plan's back: another plan turns only analytics on and is applied.
    const otherFile = world.write(
      'other.yaml',
      desired({
        regions: BOTH,
        clusters: [
          { name: 'orders', encryptionAtRest: true },
          { name: 'analytics', encryptionAtRest: true },
        ],
        keyIdentifier: KEY_V2,
      }).replace('name: payments-prod', 'name: payments-prod-other'),
    );
    const other = await world.cli(['plan', otherFile, '--out', 'other.json']);
    expect(other.code).toBe(0);
    const applied = await world.cli(['apply', '--plan', 'other.json', '--format', 'plain', '--poll-interval', '50ms']);
    expect(applied.stdout).toContain('Apply complete');
    expect(applied.code).toBe(0);
    const stale = await world.cli(['apply', '--plan', 'plan.json', '--format', 'plain']);
    expect(stale.code).toBe(1);
    expect(stale.stdout + stale.stderr).toMatch(/plan again/i);
  });

  it('opts a cluster out and waits for it to be IDLE', async () => {
    const text = desired({
      regions: BOTH,
      clusters: [
        { name: 'orders', encryptionAtRest: true },
        { name: 'analytics', encryptionAtRest: false },
      ],
      keyIdentifier: KEY_V2,
    });
    const steps = await planSteps(text);
    expect(steps.map((s) => `${s.kind} ${s.target}`)).toEqual([
      'cluster.disableCmk analytics',
      'cluster.waitIdle analytics',
    ]);
    await apply(text);
    await expectNoChanges(text);
  });

  it('disables private networking: every endpoint deleted and gone first', async () => {
    const text = desired({ requirePrivateNetworking: false, clusters: ORDERS_ON, keyIdentifier: KEY_V2 });
    const steps = await planSteps(text);
    const off = index(steps, 'ear.disablePrivateNetworking');
    for (const region of BOTH) expect(index(steps, 'endpoint.waitDeleted', region)).toBeLessThan(off);
    await apply(text);
    expect(await endpoints()).toEqual([]);
    await expectNoChanges(text);
  });

  it('disables CMK in one plan: endpoints, then clusters to NONE, then the project', async () => {
    await apply(desired({ regions: BOTH, clusters: ORDERS_ON, keyIdentifier: KEY_V2 }));
    const text = desired({
      enabled: false,
      requirePrivateNetworking: false,
      clusters: [{ name: 'orders', encryptionAtRest: false }],
      keyIdentifier: KEY_V2,
    });
    const steps = await planSteps(text);
    const disable = index(steps, 'ear.disable');
    for (const s of steps) {
      if (
        s.kind === 'endpoint.delete' ||
        s.kind === 'endpoint.waitDeleted' ||
        s.kind === 'cluster.disableCmk' ||
        s.kind === 'cluster.waitIdle'
      ) {
        expect(steps.indexOf(s)).toBeLessThan(disable);
      }
    }
    await apply(text);
    expect(await endpoints()).toEqual([]);
    await expectNoChanges(text);
  });

  it('manual approval: shows the exact az command, waits for a person, reaches ACTIVE', async () => {
    const text = desired({ regions: ['US_CENTRAL'], approval: 'manual' });
    const file = world.write('desired.yaml', text);
    const run = world.cli(['apply', file, '--auto-approve', '--format', 'ndjson', '--poll-interval', '50ms']);
    // Act like the person reading the instruction: approve the pending connection in Azure.
    let approved = false;
    for (let i = 0; i < 200 && !approved; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const pending = (await world.listConnections()).filter(
        (c) => c.properties.privateLinkServiceConnectionState.status === 'Pending',
      );
      if (pending[0]) approved = (await world.azureConnection(pending[0].name, 'Approved')) === 200;
    }
    expect(approved).toBe(true);
    const r = await run;
    expect(r.code).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; command?: string; outcome?: string });
    const action = events.find((e) => e.kind === 'step.actionRequired');
    expect(action?.command).toMatch(
      /^az keyvault private-endpoint-connection approve --resource-group rg-payments --vault-name kv-payments --name \S+/,
    );
    expect(events.at(-1)).toMatchObject({ kind: 'run.finished', outcome: 'converged' });
  });

  it('refuses to prompt without a terminal', async () => {
    const file = world.write('desired.yaml', desired({ regions: BOTH, approval: 'manual' }));
    const r = await world.cli(['apply', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--auto-approve');
  });
});
