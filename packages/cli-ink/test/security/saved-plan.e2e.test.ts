import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBE_ENDPOINT_ID } from '@atlas-cmk/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from '../run-cli.js';
import { desired, startWorld, verifyAndClose, type World } from '../world.js';

/**
 * A saved plan is an artefact someone else may have written: `apply --plan` must run only what it re-derives
 * from the plan's own desired state and a fresh read of the live state. Each case below alters a genuine saved
 * plan the way an attacker would and applies it with the built CLI against the simulator: every one is refused
 * with exit 1, a sentence (never "internal error", never "No changes"), and no write reaches Atlas.
 */

type SavedPlan = {
  formatVersion: unknown;
  summary: { steps: number };
  projects: {
    steps: {
      id: string;
      kind: string;
      dependsOn: string[];
      request?: { method: string; path: string; body?: { azureKeyVault?: Record<string, unknown> } };
    }[];
    summary: { steps: number };
    desired: { document: { spec: { azureKeyVault: Record<string, unknown> } } };
  }[];
};

let world: World;
let genuine = '';
const FAST = ['--format', 'plain', '--poll-interval', '50ms'];

beforeAll(async () => {
  world = await startWorld();
  const file = world.write(
    'desired.yaml',
    desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], clusters: [{ name: 'orders', encryptionAtRest: true }] }),
  );
  const r = await world.cli(['plan', file, '--out', 'plan.json']);
  expect(r.code, r.stderr).toBe(0);
  genuine = readFileSync(join(world.dir, 'plan.json'), 'utf8');
});

afterAll(async () => {
  await verifyAndClose(world);
});

/** Requests that could change something: not reads, tokens, or the inactive-project probe (an id that cannot exist). */
function writes(): string[] {
  return world.sim
    .requestLog()
    .filter(
      (e) =>
        e.method !== 'GET' &&
        e.path !== '/api/oauth/token' &&
        !e.path.endsWith(`/privateEndpoints/${PROBE_ENDPOINT_ID}`),
    )
    .map((e) => `${e.method} ${e.path}`);
}

async function applyAltered(name: string, alter: (plan: SavedPlan) => void): Promise<string> {
  const plan = JSON.parse(genuine) as SavedPlan;
  alter(plan);
  writeFileSync(join(world.dir, `${name}.json`), JSON.stringify(plan, null, 2));
  return applyText(name, `${name}.json`);
}

async function applyText(name: string, file: string): Promise<string> {
  const before = writes().length;
  const r = await world.cli(['apply', '--plan', file, ...FAST], {
    env: { GITHUB_TOKEN: 'ghs_savedPlanCanary0000000000000000' },
  });
  const out = r.stdout + r.stderr;
  expect(r.code, `${name}\n${out}`).toBe(1);
  expect(hasStackTrace(out), name).toBe(false);
  expect(out, name).not.toMatch(/internal error|No changes|converged/i);
  expect(out, name).not.toContain('ghs_savedPlanCanary');
  expect(writes().slice(before), name).toEqual([]);
  return r.stderr;
}

const ear = (p: SavedPlan) => p.projects[0]!.steps.find((s) => s.kind === 'ear.enable')!;

describe('apply --plan runs only what it re-derives', () => {
  it('refuses a secret reference moved into another body field, naming the field', async () => {
    const stderr = await applyAltered('moved-ref', (p) => {
      ear(p).request!.body!.azureKeyVault!.resourceGroupName = { $secretRef: '${env:MONGODB_ATLAS_PRIVATE_API_KEY}' };
    });
    expect(stderr).toContain('refusing to apply moved-ref.json: it is not the plan its own desired state gives');
    expect(stderr).toMatch(
      /First difference in project \w+: step \d+ \(\S+\) request\.body\.azureKeyVault\.resourceGroupName/,
    );
    expect(stderr).toContain('in the file:  {"$secretRef":"${env:MONGODB_ATLAS_PRIVATE_API_KEY}"}');
    expect(stderr).toContain('re-derived:   "rg-payments"');
  });

  it("refuses a secret reference pointed at the CI's token, in the steps or in the desired state as well", async () => {
    const steps = await applyAltered('token-ref', (p) => {
      ear(p).request!.body!.azureKeyVault!.secret = { $secretRef: '${env:GITHUB_TOKEN}' };
    });
    expect(steps).toMatch(/request\.body\.azureKeyVault\.secret/);
    // Consistently edited (steps and desired state): the desired state itself fails check.
    const both = await applyAltered('token-ref-both', (p) => {
      ear(p).request!.body!.azureKeyVault!.secret = { $secretRef: '${env:GITHUB_TOKEN}' };
      p.projects[0]!.desired.document.spec.azureKeyVault.secret = '${env:GITHUB_TOKEN}';
    });
    expect(both).toContain('the desired state it carries does not pass check');
    expect(both).toContain('cmk/no-tool-credential-reference');
  });

  it('refuses an appended step, a changed path or method, a removed or reordered step, and a changed destructive flag', async () => {
    const cases: [string, (p: SavedPlan) => void, RegExp][] = [
      [
        'appended',
        (p) => p.projects[0]!.steps.push({ ...ear(p), id: 'ear.enable.again', dependsOn: [] }),
        /step \d+ \(ear\.enable\.again\)/,
      ],
      [
        'path',
        (p) => (ear(p).request!.path = '/api/atlas/v2/groups/000000000000000000000000/encryptionAtRest'),
        /request\.path/,
      ],
      ['method', (p) => (ear(p).request!.method = 'DELETE'), /request\.method/],
      ['removed', (p) => p.projects[0]!.steps.pop(), /step \d+/],
      ['reordered', (p) => p.projects[0]!.steps.reverse(), /step 1 /],
      ['destructive', (p) => ((ear(p) as { destructive?: boolean }).destructive = true), /destructive/],
    ];
    for (const [name, alter, where] of cases) expect(await applyAltered(name, alter), name).toMatch(where);
  });

  it('refuses a plan whose summary says 0 steps, or whose steps were emptied, instead of reporting no changes', async () => {
    expect(
      await applyAltered('zero-summary', (p) => {
        p.summary.steps = 0;
        p.projects[0]!.summary.steps = 0;
      }),
    ).toMatch(/summary\.steps/);
    expect(
      await applyAltered('emptied', (p) => {
        p.projects[0]!.steps = [];
        p.projects[0]!.summary.steps = 0;
        p.summary.steps = 0;
      }),
    ).toMatch(/First difference/);
  });

  it('gives a clear error for a cycle, a truncated file and an unknown format version', async () => {
    expect(
      await applyAltered('cycle', (p) => {
        const [a, b] = p.projects[0]!.steps;
        a!.dependsOn = [b!.id];
        b!.dependsOn = [a!.id];
      }),
    ).toMatch(/cycle\.json: Project 1 of the plan: its steps form a cycle/);
    writeFileSync(join(world.dir, 'truncated.json'), genuine.slice(0, Math.floor(genuine.length / 2)));
    expect(await applyText('truncated', 'truncated.json')).toMatch(
      /truncated\.json: The plan file is not JSON .*cut short/,
    );
    expect(await applyAltered('future', (p) => (p.formatVersion = 99))).toContain(
      'The plan has format version 99; this atlas-cmk reads version 2. Run atlas-cmk plan again.',
    );
  });

  it('with ATLAS_CMK_PLAN_KEY, refuses a plan whose detached signature is missing, wrong or from another key', async () => {
    const key = { ATLAS_CMK_PLAN_KEY: 'plan-signing-key-for-the-ci' };
    const file = join(world.dir, 'desired.yaml');
    const signed = await world.cli(['plan', file, '--out', 'signed.json'], { env: key });
    expect(signed.code, signed.stderr).toBe(0);
    expect(statSync(join(world.dir, 'signed.json.sig')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(world.dir, 'signed.json.sig'), 'utf8')).toMatch(/^hmac-sha256:[0-9a-f]{64}\n$/);
    const before = writes().length;
    // Re-indented: the same plan to the re-derivation, but not the bytes that were signed.
    writeFileSync(
      join(world.dir, 'reformatted.json'),
      JSON.stringify(JSON.parse(readFileSync(join(world.dir, 'signed.json'), 'utf8'))),
    );
    copyFileSync(join(world.dir, 'signed.json.sig'), join(world.dir, 'reformatted.json.sig'));
    const cases: [string, Record<string, string>, RegExp][] = [
      ['reformatted.json', key, /signature reformatted\.json\.sig does not match the plan/],
      ['signed.json', { ATLAS_CMK_PLAN_KEY: 'another-key' }, /does not match the plan/],
      ['plan.json', key, /has no signature file/],
    ];
    for (const [name, env, message] of cases) {
      const r = await world.cli(['apply', '--plan', name, ...FAST], { env });
      expect(r.code, `${name}\n${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('Nothing was changed.');
    }
    expect(writes().slice(before)).toEqual([]);
  });

  it('applies the genuine plan, unaltered and signed', async () => {
    const r = await world.cli(['apply', '--plan', 'signed.json', ...FAST], {
      env: { ATLAS_CMK_PLAN_KEY: 'plan-signing-key-for-the-ci' },
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(writes()).toContain('PATCH /api/atlas/v2/groups/66c9e8f1dd6c9960802420e9/encryptionAtRest');
  });
});
