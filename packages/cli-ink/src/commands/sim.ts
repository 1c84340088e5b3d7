import { resolve } from 'node:path';
import { startSimulator } from '@atlas-cmk/atlas-sim';
import { parseCommandArgs } from '../args.js';
import { ToolError, UsageError, type CliIo } from '../cli-io.js';
import { defaultFixturePath } from '../bundled-examples.js';

function numberOption(flag: string, text: string | undefined, check: (n: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`--${flag} must be a number in range; got "${text}".`);
  return n;
}

/** `atlas-cmk sim`: start the simulator on loopback, print its base URLs, run until SIGINT/SIGTERM. */
export async function runSim(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('sim', argv, {
    fixture: { type: 'string' },
    state: { type: 'string' },
    port: { type: 'string' },
    'time-scale': { type: 'string' },
    seed: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`sim takes no positional arguments; got "${positionals[0]}".`);
  const port = numberOption('port', values.port, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
  const timeScale = numberOption('time-scale', values['time-scale'], (n) => n > 0);
  const seed = numberOption('seed', values.seed, (n) => Number.isInteger(n));
  const fixture = values.fixture ? resolve(io.cwd, values.fixture) : defaultFixturePath();

  let sim;
  try {
    sim = await startSimulator({
      fixture,
      ...(values.state ? { statePath: resolve(io.cwd, values.state) } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(timeScale !== undefined ? { timeScale } : {}),
      ...(seed !== undefined ? { seed } : {}),
    });
  } catch (error) {
    throw new ToolError(`the simulator did not start: ${(error as Error).message}`, 1, { cause: error });
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
  io.stdout.write(
    [
      `atlas-sim listening on 127.0.0.1:${sim.port} (fixture ${values.fixture ?? fixture}${timeScale ? `, time x${timeScale}` : ''})`,
      `  Atlas Admin API      ${sim.urls.atlas}          (MONGODB_ATLAS_BASE_URL)`,
      `  Atlas OAuth token    ${sim.urls.atlas}/api/oauth/token`,
      `  Entra ID authority   ${sim.urls.loginHttps}   (AZURE_AUTHORITY_HOST)`,
      `  Test certificate     ${sim.caCertificatePath}   (NODE_EXTRA_CA_CERTS; loopback only, never trust it elsewhere)`,
      `  Entra ID over http   ${sim.urls.login}   (scripts and curl; @azure/identity refuses http)`,
      `  Azure Resource Mgr   ${sim.urls.arm}   (ATLAS_CMK_AZURE_ARM_URL)`,
      `  Key Vault            ${sim.urls.keyVault}`,
      `  Control API          ${sim.urls.control}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await stopped;
  await sim.close();
  io.stdout.write('atlas-sim stopped.\n');
  return 0;
}
