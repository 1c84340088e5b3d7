import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedDocument } from '../document.js';
import type { LiveProjectState } from '../live.js';
import { loadDesiredState } from '../load/index.js';
import { buildFacts } from './build-facts.js';
import { buildPlanFacts } from './build-plan-facts.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { loadRulePacks } from './load-rule-packs.js';
import type { ComputedPlan } from './plan-facts.js';
import { runPolicyTests, type PlanComputer } from './run-policy-tests.js';

const builtinRules = new URL('../../../../policies/rules/', import.meta.url).pathname;
const PROJECT = '66c9e8f1dd6c9960802420e9';
const OLD = '78b9134f9bc94fda8027a32b4715bf3f';
const NEW = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

function desired(options: { labels?: string; approval?: string; waivers?: string } = {}): string {
  return `apiVersion: atlas-cmk/v1
kind: ProjectEncryption
metadata:
  name: payments-prod
${options.labels === undefined ? '' : `  labels: ${options.labels}\n`}spec:
  projectId: ${PROJECT}
  azureKeyVault:
    enabled: true
    roleId: 66c9e8f1dd6c9960802420aa
    subscriptionID: 009774e0-124f-4a69-83e0-ca8cd8acb4e2
    resourceGroupName: rg-payments
    keyVaultName: kv-payments
    keyIdentifier: https://kv-payments.vault.azure.net/keys/atlas/${NEW}
    requirePrivateNetworking: true
  privateEndpoints:
    regions: [US_CENTRAL, EUROPE_NORTH]
    approval: ${options.approval ?? 'manual'}
  clusters:
    - { name: orders, encryptionAtRest: true }
${options.waivers === undefined ? '' : `  waivers:\n${options.waivers}\n`}`;
}

async function load(text: string): Promise<LoadedDocument[]> {
  const dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-plan-policy-'));
  await writeFile(join(dir, 'project.yaml'), text);
  const { documents, diagnostics } = await loadDesiredState(['project.yaml'], { cwd: dir });
  expect(diagnostics).toEqual([]);
  return documents;
}

/** A plan as the planner makes it: rotate the key, add EUROPE_NORTH, delete UK_SOUTH, take `legacy` off the key. */
const computed: ComputedPlan = {
  resourceChanges: [
    {
      address: `project.${PROJECT}.encryptionAtRest`,
      action: 'update',
      keyRotation: {
        vault: 'kv-payments',
        from: { keyName: 'atlas', keyVersion: OLD },
        to: { keyName: 'atlas', keyVersion: NEW },
      },
    },
    { address: 'endpoint.US_CENTRAL', action: 'no-op' },
    { address: 'endpoint.EUROPE_NORTH', action: 'create' },
    { address: 'endpoint.UK_SOUTH', action: 'delete', reason: 'not in privateEndpoints.regions' },
    { address: 'cluster.orders', action: 'update' },
  ],
  steps: [
    { id: 'ear-update', kind: 'ear.update', target: PROJECT, destructive: false, dependsOn: [] },
    { id: 'create-eu', kind: 'endpoint.create', target: 'EUROPE_NORTH', destructive: false, dependsOn: ['ear-update'] },
    {
      id: 'approve-eu',
      kind: 'endpoint.approve',
      target: 'EUROPE_NORTH',
      destructive: false,
      dependsOn: ['create-eu'],
      approval: 'azure',
    },
    { id: 'delete-uk', kind: 'endpoint.delete', target: 'UK_SOUTH', destructive: true, dependsOn: [] },
    { id: 'orders-off', kind: 'cluster.disableCmk', target: 'orders', destructive: true, dependsOn: [] },
  ],
  summary: { add: 1, change: 2, destroy: 1, steps: 5 },
};

const live: LiveProjectState = {
  projectId: PROJECT,
  project: { id: PROJECT, name: 'payments-prod', orgId: '5f1e2d3c4b5a697887960001' },
  encryptionAtRest: { azureKeyVault: { enabled: true } },
  endpoints: [],
  clusters: [],
};

const { rules } = await loadRulePacks([builtinRules]);
const plans = new Map([[PROJECT, computed]]);

describe('plan facts', () => {
  it('describe what the plan does, each change and step located at the part of the document it comes from', async () => {
    const [doc] = await load(desired({ labels: '{ environment: Production, atlas-cmk/max-destructive-steps: "1" }' }));
    const facts = buildPlanFacts(doc!, computed);
    expect(facts.changes.map((c) => [c.address, c.resource, c.name, c.locate])).toEqual([
      [`project.${PROJECT}.encryptionAtRest`, 'encryptionAtRest', PROJECT, 'spec.azureKeyVault'],
      ['endpoint.EUROPE_NORTH', 'endpoint', 'EUROPE_NORTH', 'spec.privateEndpoints.regions.1'],
      ['endpoint.UK_SOUTH', 'endpoint', 'UK_SOUTH', 'spec.privateEndpoints'],
      ['cluster.orders', 'cluster', 'orders', 'spec.clusters.0.name'],
    ]);
    expect(facts.counts).toEqual({ add: 1, change: 2, destroy: 1, steps: 5, destructiveSteps: 2 });
    expect(facts.destructiveStepNames).toEqual(['endpoint.delete UK_SOUTH', 'cluster.disableCmk orders']);
    expect(facts.stepKinds).toEqual([
      'ear.update',
      'endpoint.create',
      'endpoint.approve',
      'endpoint.delete',
      'cluster.disableCmk',
    ]);
    expect(facts.keyRotation?.to.keyVersion).toBe(NEW);
    expect(facts.approvals).toEqual({ azure: ['EUROPE_NORTH'], manual: [] });
    expect(facts.endpointDeletions).toEqual(['UK_SOUTH']);
    expect(facts.clustersDisablingCmk).toEqual(['orders']);
    expect(facts.disablesProjectCmk).toBe(false);
    expect(facts.limits).toEqual({ maxDestructiveSteps: 1, maxDestructiveStepsLabel: '1' });
    const all = buildFacts(doc!, live, computed);
    expect(all.derived).toMatchObject({ environment: 'production', production: true });
    expect(all.plan).toEqual(facts);
    expect(buildFacts(doc!, live).plan).toBeUndefined();
  });

  it('use the default limit without the label, and none for a label that is not a whole number', async () => {
    const [plain] = await load(desired());
    expect(buildPlanFacts(plain!, computed).limits).toEqual({
      maxDestructiveSteps: 10,
      maxDestructiveStepsLabel: null,
    });
    expect(buildFacts(plain!).derived).toMatchObject({ environment: null, production: false });
    const [bad] = await load(desired({ labels: '{ atlas-cmk/max-destructive-steps: "-3", env: prod }' }));
    expect(buildPlanFacts(bad!, computed).limits).toEqual({
      maxDestructiveSteps: null,
      maxDestructiveStepsLabel: '-3',
    });
    expect(buildFacts(bad!).derived).toMatchObject({ environment: 'prod', production: true });
  });
});

describe('plan-scope policy', () => {
  it('judges the plan: each built-in plan rule finds what it enforces, located in the desired document', async () => {
    const documents = await load(
      desired({ labels: '{ environment: production, atlas-cmk/max-destructive-steps: "1" }', approval: 'azure' }),
    );
    const result = evaluatePolicy({
      rules,
      documents,
      scope: 'plan',
      live: new Map([[PROJECT, live]]),
      plans,
      today: '2026-11-28',
    });
    expect(result.findings.map((f) => [f.code, f.severity, f.line, f.column])).toEqual([
      ['cmk/plan-max-destructive-steps', 'error', 4, 9],
      ['cmk/plan-rotation-apart-from-endpoint-deletions', 'error', 14, 20],
      ['cmk/plan-manual-approval-in-production', 'error', 18, 15],
      ['cmk/plan-keep-cmk-in-production', 'error', 20, 5],
    ]);
    const messages = result.findings.map((f) => f.message);
    expect(messages[0]).toBe(
      'this plan has 2 destructive steps (endpoint.delete UK_SOUTH, cluster.disableCmk orders), more than the 1 allowed for one project: split the change into smaller plans, or raise the limit for this project with the label atlas-cmk/max-destructive-steps.',
    );
    expect(messages[1]).toContain(`(atlas/${OLD} -> atlas/${NEW}) and deletes the private endpoints in UK_SOUTH`);
    expect(messages[2]).toContain(
      'approves the private endpoint connections in EUROPE_NORTH through Azure Resource Manager',
    );
    expect(messages[3]).toContain('takes clusters orders off customer-managed keys');
    // Only plan rules ran: static and live rules are outside the scope.
    expect(new Set(result.results.map((r) => r.ruleId))).toEqual(
      new Set(rules.filter((r) => r.scope === 'plan').map((r) => r.id)),
    );
  });

  it('costs check nothing: the static scope runs no plan rule, even when a plan is given', async () => {
    const documents = await load(desired({ labels: '{ environment: production }', approval: 'azure' }));
    const result = evaluatePolicy({ rules, documents, scope: 'static', plans, today: '2026-11-28' });
    expect(result.results.some((r) => r.ruleId.startsWith('cmk/plan-'))).toBe(false);
    expect(result.findings).toEqual([]);
  });

  it('waives plan findings with the waivers of the desired file, and fails again once the waiver expired', async () => {
    const waivers =
      '    - { rule: cmk/plan-rotation-apart-from-endpoint-deletions, reason: "UK exit", expires: 2027-01-31 }';
    const documents = await load(desired({ waivers }));
    const run = (today: string) =>
      evaluatePolicy({ rules, documents, scope: 'all', live: new Map([[PROJECT, live]]), plans, today });
    const active = run('2027-01-31');
    const rotation = active.findings.filter((f) => f.code === 'cmk/plan-rotation-apart-from-endpoint-deletions');
    expect(rotation).toEqual([expect.objectContaining({ waived: { reason: 'UK exit', expires: '2027-01-31' } })]);
    expect(active.results.find((r) => r.ruleId === rotation[0]?.code)?.status).toBe('waived');
    const expired = run('2027-02-01');
    expect(
      expired.findings
        .filter((f) => f.code.startsWith('cmk/plan-') || f.code.startsWith('waiver/'))
        .map((f) => [f.code, f.waived]),
    ).toEqual([
      ['cmk/plan-rotation-apart-from-endpoint-deletions', undefined],
      ['waiver/expired', undefined],
    ]);
  });

  it('runs a user plan rule over the steps, with forEach and the locate each step carries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atlas-cmk-plan-rule-'));
    await writeFile(
      join(dir, 'no-deletes.yaml'),
      `id: acme/no-endpoint-deletes
severity: warning
scope: plan
description: Endpoint deletions are announced a week ahead.
docs: https://example.com/acme/no-endpoint-deletes
match: { forEach: /plan/steps }
when: { properties: { item: { properties: { kind: { const: endpoint.delete } } } } }
assert: { properties: { item: { properties: { destructive: { const: false } } } } }
locate: '{{ item.locate }}'
message: '{{ item.kind }} {{ item.target }} needs a change ticket'
`,
    );
    const user = await loadRulePacks([dir]);
    expect(user.diagnostics).toEqual([]);
    expect(user.rules[0]?.scope).toBe('plan');
    const documents = await load(desired());
    const result = evaluatePolicy({ rules: user.rules, documents, scope: 'all', plans, today: '2026-11-28' });
    expect(result.findings.map((f) => [f.code, f.severity, f.line, f.message])).toEqual([
      ['acme/no-endpoint-deletes', 'warning', 16, 'endpoint.delete UK_SOUTH needs a change ticket'],
    ]);
    const withoutPlan = evaluatePolicy({ rules: user.rules, documents, scope: 'all', today: '2026-11-28' });
    expect(withoutPlan.results.map((r) => [r.status, r.reason])).toEqual([
      ['skip', 'no computed plan for this project'],
    ]);
  });
});

describe('policy test of plan rules', () => {
  const rule = `id: acme/small-plans
severity: error
scope: plan
description: At most two steps.
docs: https://example.com/acme/small-plans
assert: { properties: { plan: { properties: { counts: { properties: { steps: { maximum: 2 } } } } } } }
message: '{{ plan.counts.steps }} steps'
`;
  const liveYaml = `projectId: ${PROJECT}
project: { id: ${PROJECT}, name: p, orgId: o }
encryptionAtRest: { azureKeyVault: { enabled: true } }
endpoints: []
clusters: []
`;

  async function pack(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'atlas-cmk-plan-pack-'));
    const files: Record<string, string> = {
      'rules/small-plans.yaml': rule,
      'fixtures/acme/small-plans/pass/small.yaml': desired(),
      'fixtures/acme/small-plans/pass/small.live.yaml': liveYaml,
      'fixtures/acme/small-plans/fail/big.yaml': desired(),
      'fixtures/acme/small-plans/fail/big.live.yaml': liveYaml,
    };
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    return root;
  }

  it('plans each fixture through the injected planner against its live facts', async () => {
    const root = await pack();
    const seen: string[] = [];
    // A stand-in planner: the fail fixture gets the five-step plan, the pass fixture an empty one.
    const computePlans: PlanComputer = (documents, liveFacts) => {
      const file = documents[0]?.file ?? '';
      seen.push(`${file.split('/').pop()} ${[...liveFacts.keys()].join()}`);
      const empty: ComputedPlan = {
        resourceChanges: [],
        steps: [],
        summary: { add: 0, change: 0, destroy: 0, steps: 0 },
      };
      return { plans: new Map([[PROJECT, file.endsWith('big.yaml') ? computed : empty]]), diagnostics: [] };
    };
    const report = await runPolicyTests(root, { today: '2026-11-28', computePlans });
    expect(report.rules[0]?.fixtures.map((f) => f.reason)).toEqual([undefined, undefined]);
    expect(report.ok).toBe(true);
    expect(report.counts).toEqual({ rules: 1, fixtures: 2, passed: 2, failed: 0 });
    expect(seen.sort()).toEqual([`big.yaml ${PROJECT}`, `small.yaml ${PROJECT}`]);
  });

  it('says what is missing: a planner, live facts, or a fixture the planner refuses', async () => {
    const root = await pack();
    const noPlanner = await runPolicyTests(root, { today: '2026-11-28' });
    expect(noPlanner.rules[0]?.fixtures.map((f) => f.reason)).toEqual([
      'a plan rule needs the planner to compute its fixtures: run it with atlas-cmk policy test',
      'a plan rule needs the planner to compute its fixtures: run it with atlas-cmk policy test',
    ]);
    const refusing: PlanComputer = (documents) => ({
      plans: new Map(),
      diagnostics: [
        { code: 'plan/live-state-missing', severity: 'error', message: 'no live state', ...documents[0]!.locate([]) },
      ],
    });
    const refused = await runPolicyTests(root, { today: '2026-11-28', computePlans: refusing });
    expect(refused.rules[0]?.fixtures[0]?.reason).toBe(
      'the fixture cannot be planned: 1:1 no live state (plan/live-state-missing)',
    );
    await rm(join(root, 'fixtures/acme/small-plans/fail/big.live.yaml'));
    const noLive = await runPolicyTests(root, { today: '2026-11-28', computePlans: refusing });
    expect(noLive.rules[0]?.fixtures.find((f) => f.expected === 'fail')?.reason).toMatch(
      /^a plan rule's fixture needs live facts in .*big\.live\.yaml$/,
    );
  });
});
