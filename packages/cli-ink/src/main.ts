import { ToolError, UsageError, type CliIo } from './cli-io.js';
import { helpFor } from './help.js';
import { toolVersion } from './version.js';

/** A command module: run with its arguments, resolve to the exit code. */
export type CommandRun = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Commands are loaded lazily so that `check` never loads ink or react (or the HTTP client): each entry imports
 * only its own module. `toolErrorExit` is the exit code for a usage or tool error, which differs by command
 * (check: 2, plan: 1, …) as PRODUCT.md section 4 specifies.
 */
const COMMANDS: Record<string, { load: () => Promise<CommandRun>; toolErrorExit: number }> = {
  check: { load: async () => (await import('./commands/check.js')).runCheck, toolErrorExit: 2 },
  policy: { load: async () => (await import('./commands/policy-test.js')).runPolicy, toolErrorExit: 2 },
  plan: { load: async () => (await import('./commands/plan.js')).runPlan, toolErrorExit: 1 },
  apply: { load: async () => (await import('./commands/apply.js')).runApply, toolErrorExit: 1 },
  comment: { load: async () => (await import('./commands/comment.js')).runComment, toolErrorExit: 1 },
  demo: { load: async () => (await import('./commands/demo.js')).runDemo, toolErrorExit: 1 },
  sim: { load: async () => (await import('./commands/sim.js')).runSim, toolErrorExit: 2 },
  status: { load: async () => (await import('./commands/status.js')).runStatus, toolErrorExit: 1 },
  export: { load: async () => (await import('./commands/export.js')).runExport, toolErrorExit: 1 },
};

/**
 * The one top-level handler: dispatches to a command and maps errors to exit codes and messages. Nothing else in
 * the CLI ends the process. A stack trace is printed only for a bug, and only with ATLAS_CMK_DEBUG=1.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    io.stdout.write(helpFor(topic));
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout.write(`atlas-cmk ${toolVersion()}\n`);
    return 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    io.stderr.write(`atlas-cmk: unknown command "${command}". Run 'atlas-cmk --help' for the list of commands.\n`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout.write(helpFor(command));
    return 0;
  }
  try {
    const run = await entry.load();
    return await run(rest, io);
  } catch (error) {
    return reportError(error, io, entry.toolErrorExit);
  }
}

function reportError(error: unknown, io: CliIo, toolErrorExit: number): number {
  if (error instanceof UsageError) {
    io.stderr.write(`atlas-cmk: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
    return toolErrorExit;
  }
  if (error instanceof ToolError) {
    io.stderr.write(`atlas-cmk: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(
    `atlas-cmk: internal error: ${message}\nThis is a bug in atlas-cmk; rerun with ATLAS_CMK_DEBUG=1 to see where it happened.\n`,
  );
  if (io.env.ATLAS_CMK_DEBUG === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return toolErrorExit;
}
