import { resolve } from 'node:path';
import {
  azCommentLines,
  envFileText,
  formatEnvLines,
  loadFixtureFile,
  simEnvironment,
  startSimulator,
} from '@atlas-cmk/atlas-sim';
import { parseCommandArgs } from '../args.js';
import { ToolError, UsageError, type CliIo } from '../cli-io.js';
import { defaultFixturePath } from '../bundled-examples.js';
import { writePrivateFile } from '../write-private-file.js';

function numberOption(flag: string, text: string | undefined, check: (n: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${flag} must be a number in range; got "${text}".`);
  return n;
}

/**
 * `atlas-cmk sim`: start the simulator on loopback, print its base URLs and the export lines that point atlas-cmk,
 * `az` and the Azure SDKs at it (credentials only into the `--env` file, mode 0600), run until SIGINT/SIGTERM.
 */
export async function runSim(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('sim', argv, {
    fixture: { type: 'string' },
    state: { type: 'string' },
    port: { type: 'string' },
    'https-port': { type: 'string' },
    env: { type: 'string' },
    json: { type: 'boolean' },
    'time-scale': { type: 'string' },
    seed: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`sim takes no positional arguments; got "${positionals[0]}".`);
  const port = numberOption('port', values.port, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
  const httpsPort = numberOption('https-port', values['https-port'], (n) => Number.isInteger(n) && n >= 0 && n < 65536);
  const timeScale = numberOption('time-scale', values['time-scale'], (n) => n > 0);
  const seed = numberOption('seed', values.seed, (n) => Number.isInteger(n));
  const fixture = values.fixture ? resolve(io.cwd, values.fixture) : defaultFixturePath();

  let sim;
  try {
    sim = await startSimulator({
      fixture,
      ...(values.state ? { statePath: resolve(io.cwd, values.state) } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(httpsPort !== undefined ? { httpsPort } : {}),
      ...(timeScale !== undefined ? { timeScale } : {}),
      ...(seed !== undefined ? { seed } : {}),
    });
  } catch (error) {
    throw new ToolError(`the simulator did not start: ${(error as Error).message}`, 1, { cause: error });
  }
  const world = await loadFixtureFile(fixture);
  const envPath = values.env === undefined ? undefined : resolve(io.cwd, values.env);
  if (envPath) {
    try {
      writePrivateFile(envPath, envFileText(sim, world));
    } catch (error) {
      await sim.close();
      throw new ToolError(`cannot write ${envPath}: ${(error as Error).message}`, 1, { cause: error });
    }
  }
  // Handlers first, banner second: whoever reads the banner may signal at once.
  const stopped = new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const env = simEnvironment(sim, world);
  if (values.json) {
    // One line for programs: the URLs, the certificate and the export lines without credentials.
    const publicEnv = Object.fromEntries(env.filter((e) => !e.secret).map((e) => [e.name, e.value]));
    io.stdout.write(
      `${JSON.stringify({ ready: true, port: sim.port, httpsPort: sim.httpsPort, urls: sim.urls, caCertificatePath: sim.caCertificatePath, env: publicEnv })}\n`,
    );
    await stopped;
    await sim.close();
    return 0;
  }
  io.stdout.write(
    [
      `atlas-sim listening on 127.0.0.1:${sim.port} (fixture ${values.fixture ?? fixture}${timeScale ? `, time x${timeScale}` : ''})`,
      `  Atlas Admin API      ${sim.urls.atlas}          (MONGODB_ATLAS_BASE_URL)`,
      `  Atlas OAuth token    ${sim.urls.atlas}/api/oauth/token`,
      `  Entra ID authority   ${sim.urls.loginHttps}   (AZURE_AUTHORITY_HOST; /{tenant}/oauth2/v2.0/token)`,
      `  Azure Resource Mgr   ${sim.urls.armHttps}   (ATLAS_CMK_AZURE_ARM_URL)`,
      `  Key Vault            ${sim.urls.keyVaultHttps}`,
      `  Certificate          ${sim.caCertificatePath}   (made for this run: NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE)`,
      `  Over plain http      ${sim.urls.arm}, ${sim.urls.login}   (scripts and curl; the Azure SDKs refuse http)`,
      `  Control API          ${sim.urls.control}`,
      '',
      ...formatEnvLines(env, false),
      ...azCommentLines(sim),
      ...(envPath ? [`# all of it, credentials included: . ${envPath}`] : []),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await stopped;
  await sim.close();
  io.stdout.write('atlas-sim stopped.\n');
  return 0;
}
