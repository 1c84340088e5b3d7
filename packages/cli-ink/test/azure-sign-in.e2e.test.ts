import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReliabilityWorld } from './reliability/reliability-world.js';
import { hasStackTrace } from './run-cli.js';
import { CANARY, desired, type World } from './world.js';

const FAST = ['--auto-approve', '--format', 'plain', '--poll-interval', '50ms'];
const ISSUER = 'https://oidc.aks.example.com/6f1c1e2a';
const SUBJECT = 'system:serviceaccount:platform:atlas-cmk';

let world: World;

/** A federated token as a Kubernetes projected service account token looks to Entra ID (unsigned here). */
function federatedToken(subject: string): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  // The simulator checks expiry against its own (fast) clock: a month covers any run.
  const exp = Math.floor(Date.now() / 1000) + 30 * 24 * 3600;
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ aud: ['api://AzureADTokenExchange'], iss: ISSUER, sub: subject, exp })}.c2ln`;
}

/** The desired state with the Atlas-side secret under another name, so AZURE_CLIENT_SECRET can stay unset. */
function desiredWith(regions: string[]): string {
  return desired({ regions }).replace('${env:AZURE_CLIENT_SECRET}', '${env:EAR_SECRET}');
}

/** Environment of a workload identity sign-in: a federated token file and no client secret. */
function workloadIdentityEnv(subject: string): Record<string, string | undefined> {
  const tokenFile = join(world.dir, 'azure-identity-token');
  writeFileSync(tokenFile, federatedToken(subject));
  return {
    AZURE_CLIENT_SECRET: undefined,
    AZURE_FEDERATED_TOKEN_FILE: tokenFile,
    EAR_SECRET: CANARY.azureClientSecret,
  };
}

const operations = (): string[] => world.sim.requestLog().map((e) => e.operationId);

beforeAll(async () => {
  world = await startReliabilityWorld({
    change: (fixture) => {
      Object.assign(fixture.azure.apps[0]!, {
        federatedCredentials: [{ issuer: ISSUER, subject: SUBJECT }],
        managedIdentity: true,
      });
    },
  });
}, 60_000);
afterAll(async () => world?.close());

describe('approval: azure signs in through @azure/identity (atlas-sim over HTTPS)', () => {
  it('workload identity with an untrusted subject: the approval fails with Entra’s reason and what to check', async () => {
    const file = world.write('desired.yaml', desiredWith(['US_CENTRAL']));
    const r = await world.cli(['apply', file, ...FAST], {
      env: workloadIdentityEnv('system:serviceaccount:x:intruder'),
    });
    const printed = r.stdout + r.stderr;
    expect(r.code).toBe(1);
    expect(printed).toContain('AADSTS70021');
    expect(printed).toContain('AZURE_FEDERATED_TOKEN_FILE');
    expect(hasStackTrace(printed)).toBe(false);
    for (const canary of Object.values(CANARY)) expect(printed).not.toContain(canary);
  }, 60_000);

  it('workload identity: AZURE_FEDERATED_TOKEN_FILE and no secret approves the connection, which reaches ACTIVE', async () => {
    const file = world.write('desired.yaml', desiredWith(['US_CENTRAL']));
    const r = await world.cli(['apply', file, ...FAST], { env: workloadIdentityEnv(SUBJECT) });
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    expect(r.stdout).toContain('Apply complete');
    expect(r.code).toBe(0);
    const tokenBodies = world.sim
      .requestLog()
      .filter((e) => e.operationId === 'entraToken' && e.status === 200)
      .map((e) => e.body);
    expect(tokenBodies).toContainEqual(
      expect.objectContaining({
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: '[REDACTED]',
      }),
    );
  }, 60_000);

  it('client secret: MSAL reads the tenant metadata over HTTPS and never asks the public instance discovery', async () => {
    const file = world.write('desired.yaml', desiredWith(['US_CENTRAL', 'EUROPE_NORTH']));
    const before = world.sim.requestLog().length;
    const r = await world.cli(['apply', file, ...FAST], { env: { EAR_SECRET: CANARY.azureClientSecret } });
    expect(r.stdout).toContain('Apply complete');
    expect(r.code).toBe(0);
    const run = world.sim.requestLog().slice(before);
    expect(run.filter((e) => e.operationId === 'entraOpenIdConfiguration').length).toBeGreaterThanOrEqual(1);
    expect(run.find((e) => e.operationId === 'entraToken' && e.status === 200)?.body).toMatchObject({
      grant_type: 'client_credentials',
      client_secret: '[REDACTED]',
    });
    expect(operations()).not.toContain('entraInstanceDiscovery');
    expect((await world.listConnections()).map((c) => c.properties.privateLinkServiceConnectionState.status)).toEqual([
      'Approved',
      'Approved',
    ]);
  }, 60_000);

  it('nothing set: managed identity (the App Service endpoint of IDENTITY_ENDPOINT) approves the connection', async () => {
    const file = world.write('desired.yaml', desiredWith(['US_CENTRAL', 'EUROPE_NORTH', 'US_EAST_2']));
    const before = world.sim.requestLog().length;
    const r = await world.cli(['apply', file, ...FAST], {
      env: {
        AZURE_TENANT_ID: undefined,
        AZURE_CLIENT_ID: undefined,
        AZURE_CLIENT_SECRET: undefined,
        EAR_SECRET: CANARY.azureClientSecret,
        IDENTITY_ENDPOINT: `${world.sim.urls.atlas}/azure/msi/token`,
        IDENTITY_HEADER: 'sim-identity-header',
      },
    });
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    expect(r.stdout).toContain('Apply complete');
    expect(r.code).toBe(0);
    const run = world.sim.requestLog().slice(before);
    expect(
      run.filter((e) => e.operationId === 'managedIdentityToken' && e.status === 200).length,
    ).toBeGreaterThanOrEqual(1);
    expect(run.filter((e) => e.operationId === 'entraToken')).toEqual([]);
    expect((await world.listConnections()).map((c) => c.properties.privateLinkServiceConnectionState.status)).toEqual([
      'Approved',
      'Approved',
      'Approved',
    ]);
  }, 60_000);

  it('only a run that approves in Azure loads @azure/arm-keyvault; plan does not, and nor does the SDK ask ARM twice', async () => {
    const file = world.write('desired.yaml', desiredWith(['US_CENTRAL', 'EUROPE_NORTH', 'US_EAST_2', 'US_WEST']));
    const traced = (name: string): { env: Record<string, string>; loaded: () => string } => {
      const trace = join(world.dir, name);
      writeFileSync(trace, '');
      return {
        env: {
          EAR_SECRET: CANARY.azureClientSecret,
          ATLAS_CMK_TRACE_FILE: trace,
          NODE_OPTIONS: `--import ${fileURLToPath(new URL('./trace-imports.mjs', import.meta.url))}`,
        },
        loaded: () => readFileSync(trace, 'utf8'),
      };
    };
    const sdk = /node_modules\/(\.pnpm\/)?@azure(\+|\/)arm-keyvault/;
    const planned = traced('trace-plan.txt');
    const plan = await world.cli(['plan', file], { env: planned.env });
    expect(plan.code).toBe(0);
    expect(planned.loaded()).toContain('/runner/');
    expect(planned.loaded()).not.toMatch(sdk);

    const before = world.sim.requestLog().length;
    const applied = traced('trace-apply.txt');
    const r = await world.cli(['apply', file, ...FAST], { env: applied.env });
    expect(r.stdout).toContain('Apply complete');
    expect(r.code).toBe(0);
    expect(applied.loaded()).toMatch(sdk);
    const arm = world.sim
      .requestLog()
      .slice(before)
      // The approval's requests (the pre-flight checks apply runs first read other ARM resources).
      .filter((e) => e.path.startsWith('/azure/arm/') && e.path.includes('/privateEndpointConnections/'));
    expect(arm.length).toBeGreaterThan(0);
    // For each new connection one GET (is it approved already?) and one PUT (approve), at the SDK's api-version.
    const byConnection = new Map<string, string[]>();
    for (const e of arm) {
      const [path, query] = e.path.split('?');
      const seen = byConnection.get(path!) ?? [];
      seen.push(`${e.method} ${new URLSearchParams(query).get('api-version')} ${e.status}`);
      byConnection.set(path!, seen);
    }
    for (const sequence of byConnection.values())
      expect(sequence).toEqual(['GET 2025-05-01 200', 'PUT 2025-05-01 200']);
  }, 60_000);
});
