import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubStandin } from '../../runner/test/github-standin.js';
import { hasStackTrace, REPO_ROOT } from './run-cli.js';
import { desired, KEY_V1, startWorld, stepKinds, type World, verifyAndClose } from './world.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await verifyAndClose(world);
});

/** The example project's document with `metadata.labels`. */
function labelled(labels: Record<string, string>, over: Parameters<typeof desired>[0]): string {
  const lines = Object.entries(labels).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`);
  return desired(over).replace('  name: payments-prod\n', `  name: payments-prod\n  labels:\n${lines.join('\n')}\n`);
}

/** Write a file into the world's folder and return its name relative to it, as a user types it. */
function put(name: string, text: string): string {
  world.write(name, text);
  return name;
}

/** The line (1-based) of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

const PRODUCTION = { environment: 'production' };
const APPROVAL_RULE = 'cmk/plan-manual-approval-in-production';
const KEY_V2 = 'https://kv-payments.vault.azure.net/keys/atlas/0f1e2d3c4b5a69788796a5b4c3d2e1f0';

describe('plan policy stops a plan by what it does, before anything is saved or posted', () => {
  it('refuses approval: azure on a production project: located error, exit 1, no plan printed or saved', async () => {
    const text = labelled(PRODUCTION, { regions: ['US_CENTRAL'], approval: 'azure' });
    const file = put('prod.yaml', text);
    const r = await world.cli(['plan', file, '--out', 'plan.json', '--findings-out', 'findings.sarif']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const at = `prod.yaml:${lineOf(text, 'approval: azure')}:15`;
    expect(r.stderr).toContain('atlas-cmk: the plan was stopped by these problems:');
    expect(r.stderr).toMatch(
      new RegExp(`${at}\\s+error\\s+payments-prod is a production project .*\\[${APPROVAL_RULE}\\]`),
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(join(world.dir, 'plan.json'))).toBe(false);

    // The findings report is written all the same: SARIF with the rule's metadata and the located result.
    const sarif = JSON.parse(readFileSync(join(world.dir, 'findings.sarif'), 'utf8')) as {
      runs: {
        tool: { driver: { rules: { id: string; helpUri?: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.find((x) => x.id === APPROVAL_RULE)?.helpUri).toMatch(
      /policies\/README\.md#plan-rules$/,
    );
    expect(run.results.map((x) => [x.ruleId, x.level, x.locations[0]?.physicalLocation.region.startLine])).toEqual([
      [APPROVAL_RULE, 'error', lineOf(text, 'approval: azure')],
    ]);
  });

  it('writes JSON findings and GitHub annotations with the job summary, and refuses annotations with a JSON plan', async () => {
    const file = put('prod.yaml', labelled(PRODUCTION, { regions: ['US_CENTRAL'], approval: 'azure' }));
    const json = await world.cli(['plan', file, '--findings-format', 'json', '--findings-out', 'findings.json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(readFileSync(join(world.dir, 'findings.json'), 'utf8')) as {
      findings: { ruleId: string; severity: string; file: string; line: number; projectId: string }[];
      summary: { error: number };
    };
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.file, f.projectId])).toEqual([
      [APPROVAL_RULE, 'error', 'prod.yaml', '66c9e8f1dd6c9960802420e9'],
    ]);
    expect(report.summary.error).toBe(1);

    const summaryFile = join(world.dir, 'step-summary.md');
    const gh = await world.cli(['plan', file, '--findings-format', 'github'], {
      env: { GITHUB_STEP_SUMMARY: summaryFile },
    });
    expect(gh.code).toBe(1);
    expect(gh.stdout).toMatch(
      new RegExp(
        `^::error file=prod\\.yaml,line=\\d+,col=15,endLine=\\d+,title=${APPROVAL_RULE}::payments-prod is`,
        'm',
      ),
    );
    expect(gh.stdout).toContain('atlas-cmk plan: 1 error(s), 0 warning(s) in 1 file(s)');
    expect(readFileSync(summaryFile, 'utf8')).toContain(`\`${APPROVAL_RULE}\``);

    const refused = await world.cli(['plan', file, '--format', 'json', '--findings-format', 'github']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--findings-format github needs the text plan on standard output');
    const noFile = await world.cli(['plan', file, '--findings-format', 'sarif']);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain('--findings-format sarif needs --findings-out FILE.');
  });

  it('costs check nothing: check runs no plan rule and passes the same file', async () => {
    const file = put('prod.yaml', labelled(PRODUCTION, { regions: ['US_CENTRAL'], approval: 'azure' }));
    const r = await world.cli(['check', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      findings: unknown[];
      summary: { rules: { pass: number; fail: number; skip: number } };
    };
    expect(report.findings).toEqual([]);
    // Only the static rules were evaluated: live and plan rules are not in check's scope.
    const rulesDir = join(REPO_ROOT, 'policies/rules');
    const staticRules = readdirSync(rulesDir).filter((f) =>
      /^scope: static$/m.test(readFileSync(join(rulesDir, f), 'utf8')),
    );
    expect(staticRules.length).toBeGreaterThan(0);
    expect(report.summary.rules.pass + report.summary.rules.fail + report.summary.rules.skip).toBe(staticRules.length);
  });

  it('honours a waiver of a plan rule: the plan runs, and the waived finding is in the text, JSON and markdown plans', async () => {
    const waivers = `    - rule: ${APPROVAL_RULE}\n      reason: "break-glass approval during the migration"\n      expires: 2099-12-31`;
    const file = put('prod.yaml', labelled(PRODUCTION, { regions: ['US_CENTRAL'], approval: 'azure', waivers }));
    const text = await world.cli(['plan', file, '--out', 'plan.json']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Plan: \d+ to add/);
    expect(text.stderr).toMatch(
      new RegExp(`prod\\.yaml:\\d+:15\\s+waived\\s+.*\\[${APPROVAL_RULE}\\] \\(waived until 2099-12-31: break-glass`),
    );
    const saved = JSON.parse(readFileSync(join(world.dir, 'plan.json'), 'utf8')) as {
      findings: { ruleId: string; severity: string; waived?: { reason: string } }[];
    };
    expect(saved.findings.map((f) => [f.ruleId, f.severity, f.waived?.reason])).toEqual([
      [APPROVAL_RULE, 'error', 'break-glass approval during the migration'],
    ]);
    const json = await world.cli(['plan', file, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ findings: [{ ruleId: APPROVAL_RULE }] });
    const markdown = await world.cli(['plan', file, '--format', 'markdown']);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('<details><summary>Policy: 1 waived</summary>');
    expect(markdown.stdout).toContain(`- waived \`${APPROVAL_RULE}\` \`prod.yaml:`);
    expect(markdown.stdout).toContain('break\\-glass approval during the migration');
  });
});

describe('the pull-request comment', () => {
  it("shows a waived plan finding of the saved plan in the posted comment's Policy section", async () => {
    const token = 'ghs_canaryGitHubToken0123456789abcdef';
    const github = await startGitHubStandin({ token, repositories: ['acme/atlas'] });
    try {
      const waivers = `    - rule: ${APPROVAL_RULE}\n      reason: "migration window"\n      expires: 2099-12-31`;
      const file = put('prod.yaml', labelled(PRODUCTION, { regions: ['US_CENTRAL'], approval: 'azure', waivers }));
      expect((await world.cli(['plan', file, '--out', 'plan.json'])).code).toBe(0);
      const eventPath = join(world.dir, 'event.json');
      writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 12 } }));
      const env = {
        GITHUB_TOKEN: token,
        GITHUB_REPOSITORY: 'acme/atlas',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_API_URL: github.url,
      };
      const posted = await world.cli(['comment', '--plan', 'plan.json'], { env });
      expect(posted.code, posted.stderr).toBe(0);
      const [comment] = github.comments('acme', 'atlas', 12);
      expect(comment?.body).toContain('<details><summary>Policy: 1 waived</summary>');
      expect(comment?.body).toContain(`- waived \`${APPROVAL_RULE}\` \`prod.yaml:`);
      expect(comment?.body).not.toContain(token);
    } finally {
      await github.close();
    }
  });
});

describe('plan rules over a live project with endpoints', () => {
  beforeAll(async () => {
    // Outside production: two regions approved through Azure Resource Manager.
    const file = put('staging.yaml', desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], approval: 'azure' }));
    const r = await world.cli(['apply', file, '--auto-approve', '--format', 'plain', '--poll-interval', '50ms']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  const teardown = (labels: Record<string, string>) =>
    labelled(labels, { enabled: false, requirePrivateNetworking: false, regions: [], approval: 'manual' });

  it('caps destructive steps at the label, lists them, and apply refuses the same plan without changing anything', async () => {
    const text = teardown({ 'atlas-cmk/max-destructive-steps': '2' });
    const file = put('teardown.yaml', text);
    const r = await world.cli(['plan', file, '--out', 'plan.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /teardown\.yaml:4:9\s+error\s+this plan has 3 destructive steps \(endpoint\.delete (US_CENTRAL|EUROPE_NORTH), endpoint\.delete (US_CENTRAL|EUROPE_NORTH), ear\.disable 66c9e8f1dd6c9960802420e9\), more than the 2 allowed for one project/,
    );
    expect(r.stderr).toContain('[cmk/plan-max-destructive-steps]');

    const applied = await world.cli(['apply', file, '--auto-approve', '--format', 'plain']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('[cmk/plan-max-destructive-steps]');
    const endpoints = await world.cli(['status', '--project', '66c9e8f1dd6c9960802420e9', '--format', 'json']);
    expect(endpoints.stdout.match(/"status": "ACTIVE"/g)?.length).toBe(2);

    const allowed = put('teardown.yaml', teardown({ 'atlas-cmk/max-destructive-steps': '3' }));
    const planned = await world.cli(['plan', allowed, '--format', 'json']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(stepKinds(planned.stdout).map((s) => s.kind)).toContain('ear.disable');
  });

  it('says what is wrong with a limit that is not a number', async () => {
    const text = teardown({ 'atlas-cmk/max-destructive-steps': 'a few' });
    const r = await world.cli(['plan', put('teardown.yaml', text)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `teardown.yaml:${lineOf(text, 'max-destructive-steps')}:38  error  the label atlas-cmk/max-destructive-steps is "a few", which is not a whole number`,
    );
  });

  it('never turns customer-managed keys off on a production project', async () => {
    const text = teardown({ environment: 'production' });
    const r = await world.cli(['plan', put('teardown.yaml', text)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `teardown\\.yaml:${lineOf(text, 'enabled: false')}:14\\s+error\\s+payments-prod is a production project .*turns\\s+customer-managed keys off on it.*\\[cmk/plan-keep-cmk-in-production\\]`,
      ),
    );
  });

  it('keeps a key rotation apart from endpoint deletions', async () => {
    const text = desired({ regions: ['US_CENTRAL'], approval: 'azure', keyIdentifier: KEY_V2 });
    const r = await world.cli(['plan', put('rotate.yaml', text)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `rotate.yaml:${lineOf(text, 'keyIdentifier')}:20  error  this plan rotates the key (atlas/78b9134f9bc94fda8027a32b4715bf3f -> atlas/0f1e2d3c4b5a69788796a5b4c3d2e1f0) and deletes the private endpoints in EUROPE_NORTH in the same apply`,
    );
    // Each change alone is fine for policy. (KEY_V2 is not in the simulator's vault, which the Azure pre-flight
    // checks would report: they are not the subject here.)
    const rotateOnly = desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], approval: 'azure', keyIdentifier: KEY_V2 });
    expect((await world.cli(['plan', put('rotate.yaml', rotateOnly), '--skip-preflight'])).code).toBe(0);
    const dropOnly = desired({ regions: ['US_CENTRAL'], approval: 'azure', keyIdentifier: KEY_V1 });
    expect((await world.cli(['plan', put('rotate.yaml', dropOnly)])).code).toBe(0);
  });
});

describe('policy test of a user pack with a plan rule', () => {
  const rule = `id: acme/no-endpoint-deletes
severity: error
scope: plan
description: Endpoint deletions need a change ticket.
docs: https://wiki.example.com/acme/no-endpoint-deletes
match: { forEach: /plan/steps }
when: { properties: { item: { properties: { kind: { const: endpoint.delete } } } } }
assert: false
locate: '{{ item.locate }}'
message: 'endpoint.delete {{ item.target }} needs a change ticket'
`;
  const live = (regions: string[]) => `projectId: 66c9e8f1dd6c9960802420e9
project: { id: 66c9e8f1dd6c9960802420e9, name: payments-prod, orgId: 66c9e8f1dd6c9960802420a1 }
encryptionAtRest:
  azureKeyVault:
    enabled: true
    azureEnvironment: AZURE
    clientID: b054a9ff-b60a-4cb6-8df6-20726eaefce6
    tenantID: 1f6ef922-9303-402a-bae2-cc68810b023c
    subscriptionID: 009774e0-124f-4a69-83e0-ca8cd8acb4e2
    resourceGroupName: rg-payments
    keyVaultName: kv-payments
    keyIdentifier: ${KEY_V1}
    requirePrivateNetworking: true
endpoints:
${regions.map((r, i) => `  - { id: 32b6e34b3d91647abb20e7b${i}, cloudProvider: AZURE, regionName: ${r}, status: ACTIVE }`).join('\n')}
clusters: []
`;

  it('plans each fixture with the real planner against its live facts', async () => {
    put('acme/rules/no-endpoint-deletes.yaml', rule);
    const fixture = 'acme/fixtures/acme/no-endpoint-deletes';
    put(`${fixture}/pass/keeps.yaml`, desired({ regions: ['US_CENTRAL'] }));
    put(`${fixture}/pass/keeps.live.yaml`, live(['US_CENTRAL']));
    put(`${fixture}/fail/drops.yaml`, desired({ regions: ['US_CENTRAL'] }));
    put(`${fixture}/fail/drops.live.yaml`, live(['US_CENTRAL', 'UK_SOUTH']));
    put(`${fixture}/fail/drops.expect.yaml`, 'count: 1\nmessages: [endpoint.delete UK_SOUTH needs a change ticket]\n');
    const ok = await world.cli(['policy', 'test', 'acme']);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/✓ acme\/no-endpoint-deletes\s+2\/2 fixtures/);

    // A pass fixture whose plan does delete an endpoint fails the test, with the finding.
    put(`${fixture}/pass/keeps.live.yaml`, live(['US_CENTRAL', 'EUROPE_NORTH']));
    const failed = await world.cli(['policy', 'test', 'acme']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('expected no finding, got 1');
    expect(failed.stdout).toContain('endpoint.delete EUROPE_NORTH needs a change ticket');
  });
});
