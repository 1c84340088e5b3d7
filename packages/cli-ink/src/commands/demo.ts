import { relative } from 'node:path';
import { loadFixtureFile, startSimulator, type RunningSim } from '@atlas-cmk/atlas-sim';
import { renderText } from '@atlas-cmk/planner';
import { oneOf, parseCommandArgs } from '../args.js';
import { ToolError, UsageError, type CliIo } from '../cli-io.js';
import { colorEnabled, makePaint } from '../color.js';
import { examplesDir, defaultFixturePath } from '../bundled-examples.js';
import { formatElapsed } from '../duration.js';
import { formatDiagnosticLines } from '../format/findings-text.js';
import { executeWithView } from '../services/execute-with-view.js';
import { preparePlan } from '../services/prepare-plan.js';
import { handleInterrupts } from '../services/interrupts.js';
import { INTERRUPT_NOTICE } from '../ui/interrupt-notice.js';
import { chooseRenderer } from '../ui/select-renderer.js';

/**
 * The environment the demo's plan and apply run with: the simulator's URLs and the example world's own
 * (made-up) credentials. The user's environment is not read for credentials, so a demo never touches a real
 * Atlas or Azure account.
 */
async function demoEnv(sim: RunningSim, fixturePath: string, base: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const fixture = await loadFixtureFile(fixturePath);
  const key = fixture.apiKeys?.[0];
  const app = fixture.azure?.apps?.find((a) => a.canApprove !== false) ?? fixture.azure?.apps?.[0];
  if (!key || !app) throw new ToolError(`the demo world ${fixturePath} needs an API key and an Azure app`, 1);
  return {
    PATH: base.PATH,
    NO_COLOR: base.NO_COLOR,
    FORCE_COLOR: base.FORCE_COLOR,
    MONGODB_ATLAS_BASE_URL: sim.urls.atlas,
    MONGODB_ATLAS_PUBLIC_API_KEY: key.publicKey,
    MONGODB_ATLAS_PRIVATE_API_KEY: key.privateKey,
    AZURE_TENANT_ID: app.tenantId,
    AZURE_CLIENT_ID: app.clientId,
    AZURE_CLIENT_SECRET: app.clientSecret,
    // Entra ID over HTTPS with the simulator's loopback test certificate, trusted for the Azure sign-in only.
    AZURE_AUTHORITY_HOST: sim.urls.loginHttps,
    NODE_EXTRA_CA_CERTS: sim.caCertificatePath,
    ATLAS_CMK_AZURE_ARM_URL: sim.urls.arm,
  };
}

/**
 * `atlas-cmk demo`: start an embedded simulator with the example world, plan the example desired-state files
 * against it, apply the plan (approving private endpoints in the simulated Azure), and plan once more to show that
 * nothing is left to do. Exit 0 converged, 1 otherwise.
 */
export async function runDemo(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('demo', argv, {
    format: { type: 'string' },
    'time-scale': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`demo takes no positional arguments; got "${positionals[0]}".`);
  const format = oneOf('format', values.format, ['auto', 'plain', 'ndjson'] as const, 'auto');
  const timeScale = values['time-scale'] === undefined ? 20 : Number(values['time-scale']);
  if (!Number.isFinite(timeScale) || timeScale <= 0)
    throw new UsageError(`--time-scale must be a positive number; got "${values['time-scale']}".`);
  const renderer = chooseRenderer({ format, isTTY: io.stdout.isTTY === true, env: io.env });
  const human = renderer === 'ndjson' ? io.stderr : io.stdout;
  const color = colorEnabled(io.env, human.isTTY === true);
  const paint = makePaint(color);
  const started = Date.now();

  const fixture = defaultFixturePath();
  const sim = await startSimulator({ fixture, timeScale });
  const controller = new AbortController();
  // The live view says itself that the run is stopping; a line written beside it would stay behind on screen.
  let viewOnScreen = false;
  const removeHandlers = handleInterrupts(controller, () => {
    if (!viewOnScreen) io.stderr.write(`\natlas-cmk: interrupted. ${INTERRUPT_NOTICE}\n`);
  });
  try {
    const examples = examplesDir();
    const env = await demoEnv(sim, fixture, io.env);
    human.write(
      `${paint.bold('atlas-cmk demo')}: a simulated Atlas and Azure on ${sim.urls.atlas} (time x${timeScale}), the example world ${relative(io.cwd, fixture) || fixture},\n` +
        `and the desired state in ${relative(io.cwd, examples) || examples}. Nothing outside this machine is touched.\n\n`,
    );
    const prepare = (): ReturnType<typeof preparePlan> =>
      preparePlan({
        paths: [examples],
        cwd: io.cwd,
        env,
        policyDirs: [],
        parallelism: 8,
        rotateSecret: new Set(),
        signal: controller.signal,
      });

    const first = await prepare();
    if (first.kind === 'blocked') {
      io.stderr.write(`${formatDiagnosticLines(first.diagnostics, paint).join('\n')}\n`);
      throw new ToolError('the example desired state did not plan cleanly against the example world', 1);
    }
    human.write(`${paint.bold('1. Plan')}  (atlas-cmk plan ${relative(io.cwd, examples) || examples})\n\n`);
    human.write(renderText(first.plan, { color }));
    human.write(`\n${paint.bold('2. Apply')}  (atlas-cmk apply --auto-approve)\n\n`);
    viewOnScreen = renderer === 'ink';
    const outcome = await executeWithView({
      plan: first.plan,
      client: first.client,
      io: { ...io, env },
      env,
      renderer,
      color,
      signal: controller.signal,
      options: { pollIntervalMs: 250, maxPollIntervalMs: 1000, heartbeatMs: 2000 },
    });
    viewOnScreen = false;
    if (outcome.outcome !== 'converged') {
      human.write(`\nThe demo did not converge (${outcome.outcome}).\n`);
      return 1;
    }
    const second = await prepare();
    human.write(`\n${paint.bold('3. Plan again')}\n\n`);
    if (second.kind === 'blocked') throw new ToolError('the second plan was blocked', 1);
    human.write(renderText(second.plan, { color }));
    human.write(
      `\n${paint.green('✓')} Demo complete in ${formatElapsed(Date.now() - started)}: customer-managed keys are on, private endpoints approved and ACTIVE, clusters encrypted.\n` +
        `  Next: atlas-cmk sim (keep a simulator running), then plan/apply/status against it; see README.md.\n`,
    );
    return 0;
  } finally {
    removeHandlers();
    await sim.close();
  }
}
