import type { CliIo } from './cli-io.js';
import { runCheck } from './commands/check.js';
import { helpFor } from './help.js';
import { runCommand } from './run-command.js';
import { toolVersion } from './version.js';

/**
 * `atlas-cmk check …` on its own: what the single-file check bundle (`dist/check/atlas-cmk-check.cjs`)
 * runs, that `atlas-cmk check` loads and that the pre-commit hook installs. It imports `check` statically and nothing
 * of the other commands, so a bundler can follow every import and start-up reads one file. `argv` starts with
 * the command name, as for {@link main}.
 */
export async function checkMain(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-v' || command === '--version') {
    io.stdout.write(`atlas-cmk ${toolVersion()}\n`);
    return 0;
  }
  if (command === '-h' || command === '--help' || command === undefined) {
    io.stdout.write(helpFor('check'));
    return command === undefined ? 2 : 0;
  }
  if (command !== 'check') {
    io.stderr.write(
      `atlas-cmk: this build of atlas-cmk (the pre-commit hook) has only the check command, not "${command}". Install the atlas-cmk package for the others.\n`,
    );
    return 2;
  }
  return runCommand('check', () => Promise.resolve(runCheck), rest, io, 2);
}
