/** ANSI styling, applied only when the caller asks for colour (the planner never reads the environment). */
export interface Style {
  add: (s: string) => string;
  change: (s: string) => string;
  destroy: (s: string) => string;
  replace: (s: string) => string;
  bold: (s: string) => string;
  dim: (s: string) => string;
}

const sgr =
  (open: number, close: number) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[${close}m`;

/** The style for `color`: ANSI codes, or the identity. */
export function styleFor(color: boolean): Style {
  if (!color) {
    const plain = (s: string): string => s;
    return { add: plain, change: plain, destroy: plain, replace: plain, bold: plain, dim: plain };
  }
  return {
    add: sgr(32, 39),
    change: sgr(33, 39),
    destroy: sgr(31, 39),
    replace: sgr(35, 39),
    bold: sgr(1, 22),
    dim: sgr(2, 22),
  };
}
