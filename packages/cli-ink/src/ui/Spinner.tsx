import { Text } from 'ink';
import { useEffect, useState, type ReactElement } from 'react';

const INTERVAL_MS = 120;
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A braille spinner for running steps; its timer lives and dies with the component. */
export function Spinner(props: { color?: string }): ReactElement {
  // The frame follows the wall clock, so every spinner on screen turns in step.
  const [frame, setFrame] = useState(() => currentFrame());
  useEffect(() => {
    const timer = setInterval(() => setFrame(currentFrame()), INTERVAL_MS);
    return () => clearInterval(timer);
  }, []);
  return <Text {...(props.color ? { color: props.color } : {})}>{FRAMES[frame]}</Text>;
}

function currentFrame(): number {
  return Math.floor(Date.now() / INTERVAL_MS) % FRAMES.length;
}

/** Every frame the spinner can show: tests use it to recognise a running step. */
export const SPINNER_FRAMES: readonly string[] = FRAMES;
