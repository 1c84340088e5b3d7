import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from '../run-cli.js';
import type { World } from '../world.js';
import type { ApplyEvent } from './ndjson-events.js';

/** How a spawned CLI process ended. */
export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A CLI process started in the background, whose NDJSON events are seen as they arrive. */
export interface RunningApply {
  child: ChildProcess;
  /** Every event seen so far, in order. */
  events: ApplyEvent[];
  /** Resolves with the first event that fits, or undefined when the process ends first. */
  waitFor(fits: (event: ApplyEvent) => boolean): Promise<ApplyEvent | undefined>;
  ended: Promise<Ended>;
}

/** Start the built `atlas-cmk` with `args` (which should include `--format ndjson`) in the world's folder. */
export function spawnCli(world: World, args: string[]): RunningApply {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: world.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...world.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: ApplyEvent[] = [];
  const waiters: { fits: (e: ApplyEvent) => boolean; resolve: (e: ApplyEvent | undefined) => void }[] = [];
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim())) {
      const event = JSON.parse(line) as ApplyEvent;
      events.push(event);
      for (const w of waiters.splice(0)) {
        if (w.fits(event)) w.resolve(event);
        else waiters.push(w);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<Ended>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.resolve(undefined);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    events,
    ended,
    waitFor(fits) {
      const seen = events.find(fits);
      if (seen) return Promise.resolve(seen);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(undefined);
      return new Promise((resolve) => waiters.push({ fits, resolve }));
    },
  };
}
