/**
 * Colour props for Ink's `<Text>`/`<Box>` only when colour is on. With colour off no colour, dim or bold prop is
 * passed at all, so nothing depends on chalk's own detection (which ignores `NO_COLOR`).
 */
export interface Tone {
  fg(color: string): { color?: string };
  border(color: string): { borderColor?: string };
  dim(): { dimColor?: boolean };
  bold(): { bold?: boolean };
}

export function tone(enabled: boolean): Tone {
  return {
    fg: (color) => (enabled ? { color } : {}),
    border: (color) => (enabled ? { borderColor: color } : {}),
    dim: () => (enabled ? { dimColor: true } : {}),
    bold: () => (enabled ? { bold: true } : {}),
  };
}

/** The colour of an Atlas endpoint status: green when usable, red when broken, yellow while it moves. */
export function statusColor(status: string): string {
  if (status === 'ACTIVE') return 'green';
  if (status === 'FAILED' || status === 'PENDING_RECREATION') return 'red';
  return 'yellow';
}
