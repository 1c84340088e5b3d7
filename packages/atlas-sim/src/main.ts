#!/usr/bin/env node
import { FixtureError } from './load-fixture.js';
import { parseArgs, usage, type SimArgs } from './parse-args.js';
import { startSimulator } from './server.js';

async function run(args: SimArgs): Promise<void> {
  const sim = await startSimulator({
    fixture: args.fixture,
    ...(args.statePath ? { statePath: args.statePath } : {}),
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.timeScale !== undefined ? { timeScale: args.timeScale } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    validateResponses: args.validate,
  });
  // Handlers first: whoever reads the banner may signal us at once.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    sim
      .close()
      .then(() => {
        const violations = sim.contractViolations();
        if (violations.length > 0)
          process.stderr.write(`atlas-sim: ${violations.length} contract violation(s):\n${violations.join('\n')}\n`);
        process.stdout.write(`atlas-sim stopped (${signal})\n`);
        process.exitCode = 0;
      })
      .catch((error: unknown) => {
        process.stderr.write(
          `atlas-sim: error while stopping: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exitCode = 1;
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ready: true, port: sim.port, urls: sim.urls })}\n`);
  } else {
    process.stdout.write(
      [
        `atlas-sim listening on 127.0.0.1:${sim.port}`,
        `  Atlas Admin API:        ${sim.urls.atlas}`,
        `  Azure Resource Manager: ${sim.urls.arm}`,
        `  Entra ID token:         ${sim.urls.login}/{tenantId}/oauth2/v2.0/token`,
        `  Entra ID over HTTPS:    ${sim.urls.loginHttps} (AZURE_AUTHORITY_HOST for @azure/identity)`,
        `  Test certificate:       ${sim.caCertificatePath} (NODE_EXTRA_CA_CERTS; loopback only)`,
        `  Key Vault:              ${sim.urls.keyVault}`,
        `  Control API:            ${sim.urls.control}`,
        '',
      ].join('\n'),
    );
  }
}

function main(): void {
  let args: SimArgs;
  try {
    if (process.argv.includes('--help') || process.argv.includes('-h')) {
      process.stdout.write(`${usage}\n`);
      return;
    }
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`atlas-sim: ${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    process.exitCode = 2;
    return;
  }
  run(args).catch((error: unknown) => {
    const message =
      error instanceof FixtureError
        ? `invalid fixture:\n${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`atlas-sim: ${message}\n`);
    process.exitCode = 2;
  });
}

main();
