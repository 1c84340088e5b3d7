import { colorEnabled } from '../color.js';

/** The three consumers of the apply event stream. */
export type RendererKind = 'ink' | 'plain' | 'ndjson';

/** `--format` of `apply`: `auto` picks the Ink view on an interactive terminal and plain lines elsewhere. */
export type ApplyFormat = 'auto' | 'plain' | 'ndjson';

/**
 * Chooses the renderer once at start-up. Ink only with `auto` on a terminal that is not CI (Ink in CI prints only
 * its last frame) and not `TERM=dumb` (no cursor movement); everything else gets plain lines with heartbeats.
 */
export function chooseRenderer(input: { format: ApplyFormat; isTTY: boolean; env: NodeJS.ProcessEnv }): RendererKind {
  switch (input.format) {
    case 'ndjson':
      return 'ndjson';
    case 'plain':
      return 'plain';
    case 'auto':
      return input.isTTY && !isCi(input.env) && input.env.TERM !== 'dumb' ? 'ink' : 'plain';
    default: {
      const unknown: never = input.format;
      return unknown;
    }
  }
}

/** Colour for the apply output: `NO_COLOR` turns it off, `FORCE_COLOR` on, otherwise it follows the terminal. */
export function colorFor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  return colorEnabled(env, isTTY);
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  if (ci !== undefined) return ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  return env.CONTINUOUS_INTEGRATION !== undefined;
}
