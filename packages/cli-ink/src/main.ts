import type { CliIo } from './cli-io.js';
import { helpFor } from './help.js';
import { runCommand, type CommandRun } from './run-command.js';
import { toolVersion } from './version.js';

export type { CommandRun } from './run-command.js';

/**
 * Commands are loaded lazily so that `check` never loads ink or react (or the HTTP client): each entry imports
 * only its own module. `toolErrorExit` is the exit code for a usage or tool error, which differs by command
 * (check: 2, plan: 1, …) as PRODUCT.md section 4 specifies.
 */
const COMMANDS: Record<string, { load: () => Promise<CommandRun>; toolErrorExit: number }> = {
  check: { load: async () => (await import('./commands/check.js')).runCheck, toolErrorExit: 2 },
  policy: { load: async () => (await import('./commands/policy-test.js')).runPolicy, toolErrorExit: 2 },
  plan: { load: async () => (await import('./commands/plan.js')).runPlan, toolErrorExit: 1 },
  preflight: { load: async () => (await import('./commands/preflight.js')).runPreflight, toolErrorExit: 2 },
  apply: { load: async () => (await import('./commands/apply.js')).runApply, toolErrorExit: 1 },
  comment: { load: async () => (await import('./commands/comment.js')).runComment, toolErrorExit: 1 },
  demo: { load: async () => (await import('./commands/demo.js')).runDemo, toolErrorExit: 1 },
  sim: { load: async () => (await import('./commands/sim.js')).runSim, toolErrorExit: 2 },
  status: { load: async () => (await import('./commands/status.js')).runStatus, toolErrorExit: 1 },
  drift: { load: async () => (await import('./commands/drift.js')).runDrift, toolErrorExit: 1 },
  reconcile: { load: async () => (await import('./commands/reconcile.js')).runReconcile, toolErrorExit: 1 },
  export: { load: async () => (await import('./commands/export.js')).runExport, toolErrorExit: 1 },
};

/** The `atlas-cmk` command line: global help and version, then one command under the top-level handler. */
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
  return runCommand(command, entry.load, rest, io, entry.toolErrorExit);
}
