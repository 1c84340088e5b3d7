import { Text } from 'ink';
import { useEffect, useState, type ReactElement } from 'react';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A braille spinner for running steps; its timer lives and dies with the component. */
export function Spinner(props: { color?: string }): ReactElement {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), 120);
    return () => clearInterval(timer);
  }, []);
  return <Text {...(props.color ? { color: props.color } : {})}>{FRAMES[frame]}</Text>;
}

/** Every frame the spinner can show: tests use it to recognise a running step. */
export const SPINNER_FRAMES: readonly string[] = FRAMES;
