import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-io.js';
import { parseDuration } from './duration.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parse a command's arguments with `node:util` `parseArgs`, turning its exceptions (unknown option, missing
 * value) into a `UsageError` that names the command's `--help`.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: string[],
  options: O,
): {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true; args: string[] }>>['values'];
  positionals: string[];
} {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(message, `Run 'atlas-cmk ${command} --help' for the options.`);
  }
}

/** Validate an option value against a list of allowed values. */
export function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}; got "${value}".`);
}

/**
 * A whole number option from `min` to `max` (`--parallelism`, `--concurrency`); `fallback` when absent. Zero, a
 * negative number, a fraction or a word is refused with the allowed range.
 */
export function parseCount(
  flag: string,
  text: string | undefined,
  range: { min: number; max: number },
  fallback: number,
): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < range.min || n > range.max)
    throw new UsageError(`--${flag} must be a whole number from ${range.min} to ${range.max}; got "${text}".`);
  return n;
}

/** True when `url` names this machine (a simulator), whose clock may run faster than real time. */
function isLoopback(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const { hostname } = new URL(url);
    return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
  } catch {
    return false;
  }
}

/**
 * `--poll-interval`: at least one second against Atlas (anything faster only spends its rate limit). Against a
 * simulator on loopback (`MONGODB_ATLAS_BASE_URL` on 127.0.0.1 or localhost), whose clock may run hundreds of times
 * faster than real time, shorter intervals are accepted.
 */
export function parsePollInterval(text: string | undefined, env: NodeJS.ProcessEnv): number | undefined {
  const ms = parseDuration('poll-interval', text);
  if (ms !== undefined && ms < 1000 && !isLoopback(env.MONGODB_ATLAS_BASE_URL))
    throw new UsageError(`--poll-interval must be at least 1s; got "${text}".`);
  return ms;
}
