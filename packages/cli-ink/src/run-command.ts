import { ToolError, UsageError, type CliIo } from './cli-io.js';
import { helpFor } from './help.js';
import { guardStream } from './terminal-guard.js';

/** A command module: run with its arguments, resolve to the exit code. */
export type CommandRun = (argv: string[], io: CliIo) => Promise<number>;

/**
 * Run one command under the one top-level handler: `--help` anywhere prints the command's help; errors map to
 * exit codes and messages. `toolErrorExit` is the exit code for a usage or tool error, which differs by command
 * (check: 2, plan: 1, …) as the command table specifies. Nothing else in the CLI ends the process. A stack
 * trace is printed only for a bug, and only with ATLAS_CMK_DEBUG=1.
 *
 * stdout and stderr are wrapped here, once, by the terminal guard: whatever a command or an error message writes,
 * no control character reaches the terminal but line breaks, tabs and atlas-cmk's own colours.
 */
export async function runCommand(
  command: string,
  load: () => Promise<CommandRun>,
  rest: string[],
  unguardedIo: CliIo,
  toolErrorExit: number,
): Promise<number> {
  const io: CliIo = {
    env: unguardedIo.env,
    cwd: unguardedIo.cwd,
    stdout: guardStream(unguardedIo.stdout),
    stderr: guardStream(unguardedIo.stderr),
    // Read on use: opening standard input costs start-up time, and only a command that reads it should pay.
    get stdin() {
      return unguardedIo.stdin;
    },
  };
  if (rest.includes('-h') || rest.includes('--help')) {
    io.stdout.write(helpFor(command));
    return 0;
  }
  try {
    const run = await load();
    return await run(rest, io);
  } catch (error) {
    return await reportError(error, io, toolErrorExit);
  }
}

async function reportError(error: unknown, io: CliIo, toolErrorExit: number): Promise<number> {
  // The last line of defence: no credential the environment holds leaves through an error, in any encoding.
  // Imported here so that --help and --version stay free of the core package.
  const { knownSecrets, redactSecrets } = await import('@atlas-cmk/core');
  const secrets = knownSecrets(io.env);
  const write = (text: string): void => {
    io.stderr.write(redactSecrets(text, secrets));
  };
  if (error instanceof UsageError) {
    write(`atlas-cmk: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
    return toolErrorExit;
  }
  if (error instanceof ToolError) {
    write(`atlas-cmk: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(
    `atlas-cmk: internal error: ${message}\nThis is a bug in atlas-cmk; rerun with ATLAS_CMK_DEBUG=1 to see where it happened.\n`,
  );
  if (io.env.ATLAS_CMK_DEBUG === '1' && error instanceof Error && error.stack) write(`${error.stack}\n`);
  return toolErrorExit;
}
