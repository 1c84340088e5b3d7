#!/usr/bin/env node
import { FixtureError, loadFixtureFile } from './load-fixture.js';
import { azCommentLines, envFileText, formatEnvLines, simEnvironment, writeOwnerOnlyFile } from './sim-env.js';
import { parseArgs, usage, type SimArgs } from './parse-args.js';
import { startSimulator } from './server.js';

async function run(args: SimArgs): Promise<void> {
  const sim = await startSimulator({
    fixture: args.fixture,
    ...(args.statePath ? { statePath: args.statePath } : {}),
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.httpsPort !== undefined ? { httpsPort: args.httpsPort } : {}),
    ...(args.timeScale !== undefined ? { timeScale: args.timeScale } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    validateResponses: args.validate,
  });
  const fixture = await loadFixtureFile(args.fixture);
  const env = simEnvironment(sim, fixture);
  if (args.envPath) writeOwnerOnlyFile(args.envPath, envFileText(sim, fixture));
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
    const publicEnv = Object.fromEntries(env.filter((e) => !e.secret).map((e) => [e.name, e.value]));
    process.stdout.write(
      `${JSON.stringify({ ready: true, port: sim.port, httpsPort: sim.httpsPort, urls: sim.urls, caCertificatePath: sim.caCertificatePath, env: publicEnv })}\n`,
    );
  } else {
    process.stdout.write(
      [
        `atlas-sim listening on 127.0.0.1:${sim.port}`,
        `  Atlas Admin API:        ${sim.urls.atlas}`,
        `  Azure Resource Manager: ${sim.urls.arm}`,
        `  Entra ID token:         ${sim.urls.login}/{tenantId}/oauth2/v2.0/token`,
        `  HTTPS (Azure SDKs, az): 127.0.0.1:${sim.httpsPort}`,
        `  Entra ID authority:     ${sim.urls.loginHttps}/{tenantId}/oauth2/v2.0/token`,
        `  Azure Resource Manager: ${sim.urls.armHttps}`,
        `  Key Vault:              ${sim.urls.keyVaultHttps}`,
        `  Certificate:            ${sim.caCertificatePath} (made for this run; trust it per process)`,
        `  Control API:            ${sim.urls.control}`,
        '',
        ...formatEnvLines(env, false),
        ...azCommentLines(sim),
        ...(args.envPath ? [`# all of it, credentials included: . ${args.envPath}`] : []),
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
