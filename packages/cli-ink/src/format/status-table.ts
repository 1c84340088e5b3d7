/** A table cell: its text, and how to colour it once padded (colour codes must not count towards widths). */
export interface Cell {
  text: string;
  style?: (s: string) => string;
}

/** A row of cells, optionally followed by an indented note line, already coloured (an endpoint's next action). */
export interface Row {
  cells: Cell[];
  note?: string;
}

/**
 * Left-aligned columns separated by two spaces, a header row first, each line prefixed by `indent`. Padding is
 * computed on the plain text, so colour never shifts a column. Trailing spaces are trimmed.
 */
export function renderTable(
  header: string[],
  rows: Row[],
  options: { indent: string; headerStyle: (s: string) => string },
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]?.text.length ?? 0)));
  const line = (cells: Cell[]): string =>
    options.indent +
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c.text : c.text.padEnd(widths[i] ?? 0);
        return c.style ? c.style(padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const out = [options.headerStyle(line(header.map((text) => ({ text }))))];
  for (const row of rows) {
    out.push(line(row.cells));
    if (row.note !== undefined) out.push(`${options.indent}  ${row.note}`);
  }
  return out;
}
