import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from '../run-cli.js';
import { CANARY, canaryFixture, desired, startWorld, type World } from '../world.js';
import { encodedForms, findLeaks, type Artefact } from './canary-scan.js';
import { startHostileProxy, type HostileProxy } from './hostile-proxy.js';

/**
 * The redaction matrix end to end: the built CLI talks to the simulator through a hostile proxy that answers
 * the encryption-at-rest PATCH with an error echoing what it received, the way some Atlas and Azure errors
 * echo input: the Azure client secret raw, JSON-escaped, URL- and form-encoded and in Base64, and the HTTP
 * Basic header of the service-account sign-in. The secrets hold characters that each encoding changes. Every
 * output (stdout, stderr, NDJSON events, the saved plan, the simulator's log) is searched in every form.
 */

const SECRET = 'Az~9 "q\\/+=&%-canary-echo-71Qx';
const CANARIES = { ...CANARY, azureSecret: SECRET };

let world: World;
let proxy: HostileProxy;
let lastBasic = '';
const artefacts: Artefact[] = [];

/** Echo a value in every encoding a careless server might use. */
function echo(value: string): string {
  return [
    `raw ${value}`,
    `json ${JSON.stringify({ value })}`,
    `url ${encodeURIComponent(value)}`,
    `form ${new URLSearchParams({ client_secret: value }).toString()}`,
    `base64 ${Buffer.from(value).toString('base64')}`,
  ].join('; ');
}

beforeAll(async () => {
  world = await startWorld();
  proxy = await startHostileProxy(
    () => world.sim.urls.atlas,
    (req, body) => {
      if (req.url === '/api/oauth/token') lastBasic = req.headers.authorization ?? '';
      if (!(req.method === 'PATCH' && req.url?.endsWith('/encryptionAtRest') && req.headers.authorization))
        return undefined;
      const sent = JSON.parse(body.toString('utf8')) as { azureKeyVault?: { secret?: string } };
      const secret = sent.azureKeyVault?.secret ?? '';
      return {
        status: 400,
        body: {
          error: 400,
          errorCode: 'INVALID_AZURE_CREDENTIALS',
          reason: 'Bad Request',
          detail: `Invalid Azure credentials: ${echo(secret)}; sign-in was ${lastBasic || 'digest'}`,
          parameters: [secret, JSON.stringify({ secret }), lastBasic],
        },
      };
    },
  );
});

afterAll(async () => {
  await proxy?.close();
  await world?.close();
});

async function run(label: string, args: string[], env: Record<string, string | undefined>): Promise<string> {
  const r = await world.cli(args, { env: { MONGODB_ATLAS_BASE_URL: proxy.url, AZURE_CLIENT_SECRET: SECRET, ...env } });
  artefacts.push({ label: `${label}: stdout`, text: r.stdout }, { label: `${label}: stderr`, text: r.stderr });
  expect(hasStackTrace(r.stdout + r.stderr), label).toBe(false);
  expect(r.code, `${label}\n${r.stdout}\n${r.stderr}`).toBe(1);
  return r.stdout + r.stderr;
}

describe('no secret leaves through a server that echoes it, in any encoding', () => {
  it('apply with an API key (plain and NDJSON) and from a saved plan, then with a service account', async () => {
    const file = world.write('desired.yaml', desired({}));
    // The Azure identity would sign in with that secret too, which Entra ID refuses: the applies go without the
    // pre-flight checks, to reach the echoing PATCH.
    const plain = await run(
      'apply plain',
      ['apply', file, '--auto-approve', '--format', 'plain', '--skip-preflight'],
      {},
    );
    expect(plain).toContain('INVALID_AZURE_CREDENTIALS');
    const ndjson = await run(
      'apply ndjson',
      ['apply', file, '--auto-approve', '--format', 'ndjson', '--skip-preflight'],
      {},
    );
    expect(ndjson).toContain('"kind":"step.failed"');
    artefacts.push({ label: 'NDJSON events', text: ndjson });

    // The identity signs in with that secret too, which Entra ID refuses: the Azure pre-flight checks of plan fail
    // and say so without the secret; without them the plan is made.
    const refused = await run('plan', ['plan', file, '--out', 'plan.json'], {});
    expect(refused).toContain('--skip-preflight');
    const planned = await world.cli(['plan', file, '--out', 'plan.json', '--skip-preflight'], {
      env: { MONGODB_ATLAS_BASE_URL: proxy.url, AZURE_CLIENT_SECRET: SECRET },
    });
    expect(planned.code, planned.stderr).toBe(0);
    artefacts.push({ label: 'plan.json', text: readFileSync(join(world.dir, 'plan.json'), 'utf8') });
    await run('apply --plan', ['apply', '--plan', 'plan.json', '--format', 'plain'], {});

    const sa = canaryFixture().serviceAccounts![0]!;
    const saEnv = {
      MONGODB_ATLAS_PUBLIC_API_KEY: undefined,
      MONGODB_ATLAS_PRIVATE_API_KEY: undefined,
      MONGODB_ATLAS_CLIENT_ID: sa.clientId,
      MONGODB_ATLAS_CLIENT_SECRET: CANARY.serviceAccountSecret,
    };
    // Signed in with HTTP Basic (the secret inside Base64), then the PATCH error echoes that header too.
    const saRun = await run(
      'service account',
      ['apply', file, '--auto-approve', '--format', 'ndjson', '--skip-preflight'],
      saEnv,
    );
    expect(lastBasic).toMatch(/^Basic /);
    expect(saRun).toContain('INVALID_AZURE_CREDENTIALS');
    artefacts.push({ label: 'NDJSON events (service account)', text: saRun });
  }, 120_000);

  it('finds no canary in any output, in any form', async () => {
    artefacts.push({ label: 'simulator request log', text: JSON.stringify(world.sim.requestLog()) });
    const leaks = findLeaks(artefacts, encodedForms(CANARIES));
    expect(leaks).toEqual([]);
    expect(artefacts.length).toBeGreaterThanOrEqual(9);
  });
});
