/**
 * Colour decision, made once at start-up from the environment and the stream: `NO_COLOR` (any non-empty value)
 * turns colour off, `FORCE_COLOR` (anything but `0`/`false`) turns it on, otherwise colour follows whether the
 * stream is a terminal. Formatters receive the resulting `Paint` and never read the environment themselves.
 */
export interface Paint {
  enabled: boolean;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  return isTTY;
}

function sgr(enabled: boolean, open: number, close: number): (s: string) => string {
  return enabled ? (s) => `\u001b[${open}m${s}\u001b[${close}m` : (s) => s;
}

export function makePaint(enabled: boolean): Paint {
  return {
    enabled,
    red: sgr(enabled, 31, 39),
    yellow: sgr(enabled, 33, 39),
    green: sgr(enabled, 32, 39),
    cyan: sgr(enabled, 36, 39),
    dim: sgr(enabled, 2, 22),
    bold: sgr(enabled, 1, 22),
  };
}
