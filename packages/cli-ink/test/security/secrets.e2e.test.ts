import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubStandin, type GitHubStandin } from '../../../runner/test/github-standin.js';
import { hasStackTrace, type CliResult } from '../run-cli.js';
import { CANARY, canaryFixture, desired, PROJECT, startWorld, type World } from '../world.js';
import { encodedForms, findLeaks, type Artefact } from './canary-scan.js';

/**
 * The secrets canary suite: a realistic journey through the built CLI (check, plan in every format and saved,
 * comment, apply plain and NDJSON, a forced secret rotation, status, export, and a service-account run), with
 * canary values for every secret. Everything the journey produced is then searched for the canaries: stdout,
 * stderr, the saved plan, the NDJSON events, the posted comment bodies and the simulator's request log. Only
 * the authorization exchange itself carries a secret, and the simulator logs none of it.
 */

const GITHUB_TOKEN = 'ghs_canaryGitHubTokenXq81Lm0Zs5Tb';
const CANARIES = { ...CANARY, githubToken: GITHUB_TOKEN };
const BOTH = ['US_CENTRAL', 'EUROPE_NORTH'];
const FAST = ['--auto-approve', '--poll-interval', '50ms'];

let world: World;
let github: GitHubStandin;
const artefacts: Artefact[] = [];

/** Run the CLI, keep its output as artefacts, and check it ended as expected without a stack trace. */
async function run(label: string, args: string[], expectCode: number, env: Record<string, string | undefined> = {}) {
  const r: CliResult = await world.cli(args, { env });
  artefacts.push({ label: `${label}: stdout`, text: r.stdout }, { label: `${label}: stderr`, text: r.stderr });
  expect(hasStackTrace(r.stdout + r.stderr), `${label}\n${r.stderr}`).toBe(false);
  expect(r.code, `${label}\n${r.stdout}\n${r.stderr}`).toBe(expectCode);
  return r;
}

beforeAll(async () => {
  world = await startWorld();
  github = await startGitHubStandin({ token: GITHUB_TOKEN, repositories: ['acme/atlas'] });
});

afterAll(async () => {
  await github?.close();
  await world?.close();
});

describe('no secret appears in anything atlas-cmk prints, writes or sends outside the authorization exchange', () => {
  it('runs the journey with an API key, an Azure client secret and a GitHub token', async () => {
    const file = world.write('desired.yaml', desired({}));
    for (const format of ['text', 'json', 'sarif', 'github'])
      await run(`check ${format}`, ['check', file, '--format', format], 0);
    for (const format of ['text', 'json', 'markdown'])
      await run(`plan ${format}`, ['plan', file, '--format', format], 0);
    await run('plan --out', ['plan', file, '--out', 'plan.json'], 0);
    artefacts.push({ label: 'plan.json', text: readFileSync(join(world.dir, 'plan.json'), 'utf8') });

    const eventPath = join(world.dir, 'event.json');
    writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 7 } }));
    const ghEnv = {
      GITHUB_TOKEN,
      GITHUB_REPOSITORY: 'acme/atlas',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: github.url,
    };
    await run('comment', ['comment', '--plan', 'plan.json'], 0, ghEnv);

    // First enable, plain progress, from the saved plan: the EAR PATCH carries the Azure secret to Atlas.
    await run('apply --plan (plain)', ['apply', '--plan', 'plan.json', '--format', 'plain', ...FAST], 0);

    // Private networking with approval in Azure (Entra token with the client secret, then ARM), as NDJSON events.
    const regions = world.write(
      'desired.yaml',
      desired({ regions: BOTH, clusters: [{ name: 'orders', encryptionAtRest: true }] }),
    );
    const ndjson = await run('apply (ndjson)', ['apply', regions, '--format', 'ndjson', ...FAST], 0);
    const events = ndjson.stdout.trim().split('\n');
    expect(events.length).toBeGreaterThan(5);
    for (const line of events) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    artefacts.push({ label: 'NDJSON events', text: ndjson.stdout });

    // A forced secret rotation sends the secret again, even with nothing else to change.
    await run('plan --rotate-secret', ['plan', regions, '--rotate-secret', PROJECT, '--format', 'json'], 0);
    await run('apply --rotate-secret', ['apply', regions, '--rotate-secret', PROJECT, '--format', 'plain', ...FAST], 0);

    await run('status text', ['status', regions], 0);
    await run('status json', ['status', regions, '--format', 'json'], 0);
    await run('export', ['export', '--project', PROJECT], 0);
    await run('comment again', ['comment', '--plan', 'plan.json'], 0, ghEnv);
  }, 180_000);

  it('runs plan, apply and status with a service account', async () => {
    const sa = canaryFixture().serviceAccounts![0]!;
    const env = {
      MONGODB_ATLAS_PUBLIC_API_KEY: undefined,
      MONGODB_ATLAS_PRIVATE_API_KEY: undefined,
      MONGODB_ATLAS_CLIENT_ID: sa.clientId,
      MONGODB_ATLAS_CLIENT_SECRET: CANARY.serviceAccountSecret,
    };
    const file = world.write(
      'desired.yaml',
      desired({ regions: BOTH, clusters: [{ name: 'orders', encryptionAtRest: true }] }),
    );
    await run('service account: plan', ['plan', file, '--rotate-secret', PROJECT], 0, env);
    await run(
      'service account: apply',
      ['apply', file, '--rotate-secret', PROJECT, '--format', 'ndjson', ...FAST],
      0,
      env,
    );
    await run('service account: status', ['status', file, '--format', 'json'], 0, env);
    const tokenRequests = world.sim.requestLog().filter((e) => e.path === '/api/oauth/token');
    expect(tokenRequests.length).toBeGreaterThan(0);
  }, 120_000);

  it('finds no canary in any captured artefact', async () => {
    const comments = github.comments('acme', 'atlas', 7);
    expect(comments).toHaveLength(1);
    for (const c of comments) artefacts.push({ label: `comment #${c.id}`, text: c.body });
    for (const r of github.requests) artefacts.push({ label: `GitHub ${r.method} ${r.path} body`, text: r.body });

    const log = world.sim.requestLog();
    artefacts.push({ label: 'simulator request log (in process)', text: JSON.stringify(log) });
    const served = await fetch(`${world.sim.urls.control}/requests`);
    artefacts.push({ label: 'GET /__sim/requests', text: await served.text() });
    artefacts.push({ label: 'GET /__sim/state', text: await (await fetch(`${world.sim.urls.control}/state`)).text() });

    // The journey did what it claims: it sent the Azure secret to Atlas (redacted in the log), got Entra
    // tokens for ARM, and posted to GitHub with the token.
    const earPatches = log.filter((e) => e.method === 'PATCH' && e.path.endsWith('/encryptionAtRest'));
    expect(earPatches.length).toBeGreaterThanOrEqual(3);
    for (const patch of earPatches) {
      const secret = (patch.body as { azureKeyVault?: { secret?: unknown } } | undefined)?.azureKeyVault?.secret;
      if (secret !== undefined) expect(secret).toBe('[REDACTED]');
    }
    expect(earPatches.some((p) => JSON.stringify(p.body).includes('[REDACTED]'))).toBe(true);
    expect(log.some((e) => e.path.includes('/oauth2/v2.0/token'))).toBe(true);
    expect(
      github.requests.every(
        (r) =>
          r.headers.authorization === `Bearer ${GITHUB_TOKEN}` || r.headers.authorization === `token ${GITHUB_TOKEN}`,
      ),
    ).toBe(true);

    const scanned = artefacts.reduce((n, a) => n + a.text.length, 0);
    const leaks = findLeaks(artefacts, encodedForms(CANARIES));
    console.log(
      `secrets: ${artefacts.length} artefacts (${scanned.toLocaleString('en-US')} characters) searched for ${Object.keys(CANARIES).length} canaries: ${leaks.length} found`,
    );
    expect(leaks).toEqual([]);
  });
});
