import { spawn } from 'node:child_process';

/** What a finished child process left behind. `code` is null when a signal ended it. */
export interface CommandResult {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCommand}: the child sees exactly `env`, nothing of the test process's environment. */
export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Kill the child with SIGKILL after this long; the result then has `signal: 'SIGKILL'`. */
  timeoutMs?: number;
}

/** How long {@link runUntilOutput} waits between seeing its marker and sending SIGTERM. */
export const STOP_GRACE_MS = 250;

/** Run `file ARGS…` without a shell, capturing stdout and stderr; never rejects for a non-zero exit. */
export function runCommand(file: string, args: string[], options: RunOptions): Promise<CommandResult> {
  return runChild(file, args, options);
}

/**
 * Run a long-lived command such as `atlas-cmk sim` until its stdout shows `marker`, then stop it with SIGTERM
 * the way a service manager would, and wait for it to exit. The signal goes {@link STOP_GRACE_MS} after the
 * marker: `atlas-cmk sim` prints its banner just before it installs its signal handlers, and a SIGTERM in
 * between ends it by the default action instead of a clean stop.
 */
export function runUntilOutput(
  file: string,
  args: string[],
  options: RunOptions,
  marker: string,
): Promise<CommandResult> {
  return runChild(file, args, options, marker);
}

function runChild(file: string, args: string[], options: RunOptions, stopMarker?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stopMarker !== undefined && !stopped && stdout.includes(stopMarker)) {
        stopped = true;
        setTimeout(() => child.kill('SIGTERM'), STOP_GRACE_MS);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error) => reject(new Error(`cannot start ${file}: ${error.message}`, { cause: error })));
    child.on('close', (code, signal) => resolve({ command: [file, ...args].join(' '), code, signal, stdout, stderr }));
  });
}

/** Throw an error that carries the whole output of the command when it did not exit 0. */
export function mustSucceed(result: CommandResult, what: string): CommandResult {
  if (result.code === 0) return result;
  const ending = result.signal ? `was killed by ${result.signal}` : `exited ${result.code}`;
  throw new Error(
    `${what} failed: \`${result.command}\` ${ending}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
  );
}
