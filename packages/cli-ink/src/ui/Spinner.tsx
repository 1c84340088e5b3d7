import { Text } from 'ink';
import type { ReactElement } from 'react';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A braille spinner for running steps. It has no timer of its own: its frame follows the view's clock (`now`),
 * which ticks once a second, so a waiting view redraws once a second and every spinner on screen turns in step.
 */
export function Spinner(props: { now: number; color?: string }): ReactElement {
  const frame = Math.floor(props.now / 1000) % FRAMES.length;
  return <Text {...(props.color ? { color: props.color } : {})}>{FRAMES[frame]}</Text>;
}

/** Every frame the spinner can show: tests use it to recognise a running step. */
export const SPINNER_FRAMES: readonly string[] = FRAMES;
