import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A line the wrapper script prints when the command has ended, with its exit code. */
export const EXIT_MARK = 'TMUX-EXIT=';

/**
 * A real terminal for end-to-end tests of the live view: a tmux server of its own (its own socket, so no other
 * session on the machine is touched or seen) with one window of a fixed size running `command` under `env`.
 * `capture` returns what a person sees (with `history`, the scrollback too); `close` kills the server.
 */
export interface Terminal {
  capture(options?: { history?: boolean; escapes?: boolean }): string;
  keys(...keys: string[]): void;
  /** Resolves with the screen once `predicate` holds for it; rejects with the last screen after `timeoutMs`. */
  waitFor(predicate: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
  close(): void;
}

export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function openTerminal(input: {
  dir: string;
  columns: number;
  rows: number;
  command: string[];
  env: Record<string, string | undefined>;
}): Terminal {
  const socket = `live-view-${randomBytes(6).toString('hex')}`;
  const script = join(input.dir, `${socket}.sh`);
  const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
  const exports = Object.entries(input.env)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `export ${k}=${quote(v)}`);
  writeFileSync(
    script,
    [
      '#!/bin/sh',
      // Ctrl-C reaches the whole foreground group: the shell catches it (children get the default action back)
      // so that it lives on to print the exit code.
      "trap 'true' INT",
      ...exports,
      `cd ${quote(input.dir)}`,
      input.command.map(quote).join(' '),
      `echo "${EXIT_MARK}$?"`,
      'exec sleep 3600',
      '',
    ].join('\n'),
    { mode: 0o700 },
  );
  // The tmux server passes its own environment to the window: give it only what a person's terminal has, so a CI
  // run's variables (CI=true makes atlas-cmk choose plain lines) do not reach the program under test.
  const serverEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    TERM: 'xterm-256color',
  };
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env: serverEnv });
  tmux(
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    socket,
    '-x',
    String(input.columns),
    '-y',
    String(input.rows),
    `sh ${quote(script)}`,
  );
  tmux('set-option', '-t', socket, 'history-limit', '5000');
  const capture: Terminal['capture'] = (o = {}) =>
    tmux('capture-pane', '-p', '-t', socket, ...(o.history ? ['-S', '-'] : []), ...(o.escapes ? ['-e'] : []));
  return {
    capture,
    keys: (...keys) => void tmux('send-keys', '-t', socket, ...keys),
    async waitFor(predicate, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      let screen = capture();
      while (!predicate(screen)) {
        if (Date.now() > until) throw new Error(`the terminal never showed what was expected; it shows:\n${screen}`);
        await new Promise((r) => setTimeout(r, 200));
        screen = capture();
      }
      return screen;
    },
    close() {
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
    },
  };
}
