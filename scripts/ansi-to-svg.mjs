// A small renderer of a captured terminal screen (text with SGR colour escapes, as `tmux capture-pane -e -p`
// prints it) to a self-contained SVG: one <text> per line, one <tspan> per run of equal style. It knows the SGR
// codes a terminal program such as Ink emits: reset, bold, dim, the 16 colours, 256 colours and 24-bit colours,
// for foreground and background. Anything else (cursor movement, OSC) is dropped.

const PALETTE = [
  '#1e1e1e',
  '#cd3131',
  '#0dbc79',
  '#e5e510',
  '#2472c8',
  '#bc3fbc',
  '#11a8cd',
  '#e5e5e5',
  '#666666',
  '#f14c4c',
  '#23d18b',
  '#f5f543',
  '#3b8eea',
  '#d670d6',
  '#29b8db',
  '#ffffff',
];
const FOREGROUND = '#d4d4d4';
const BACKGROUND = '#1e1e1e';
const CELL_WIDTH = 8.4;
const LINE_HEIGHT = 18;
const FONT_SIZE = 14;
const PADDING = 12;

/** The colour of a 256-colour index. */
function color256(n) {
  if (n < 16) return PALETTE[n];
  if (n >= 232) {
    const level = 8 + (n - 232) * 10;
    return rgb(level, level, level);
  }
  const i = n - 16;
  const step = (v) => (v === 0 ? 0 : 55 + v * 40);
  return rgb(step(Math.floor(i / 36)), step(Math.floor(i / 6) % 6), step(i % 6));
}

function rgb(r, g, b) {
  return `#${[r, g, b].map((v) => Math.max(0, Math.min(255, v)).toString(16).padStart(2, '0')).join('')}`;
}

/** Applies one SGR parameter list to a style; returns the new style. */
function applySgr(style, params) {
  const next = { ...style };
  const codes = params.length === 0 ? [0] : params;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) Object.assign(next, { fg: undefined, bg: undefined, bold: false, dim: false });
    else if (c === 1) next.bold = true;
    else if (c === 2) next.dim = true;
    else if (c === 22) Object.assign(next, { bold: false, dim: false });
    else if (c >= 30 && c <= 37) next.fg = PALETTE[c - 30];
    else if (c >= 90 && c <= 97) next.fg = PALETTE[c - 90 + 8];
    else if (c === 39) next.fg = undefined;
    else if (c >= 40 && c <= 47) next.bg = PALETTE[c - 40];
    else if (c >= 100 && c <= 107) next.bg = PALETTE[c - 100 + 8];
    else if (c === 49) next.bg = undefined;
    else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
      next[c === 38 ? 'fg' : 'bg'] = color256(codes[i + 2] ?? 0);
      i += 2;
    } else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
      next[c === 38 ? 'fg' : 'bg'] = rgb(codes[i + 2] ?? 0, codes[i + 3] ?? 0, codes[i + 4] ?? 0);
      i += 4;
    }
  }
  return next;
}

/** Splits one line into runs of text with their style; the style carries over to the next line. */
function runsOf(line, start) {
  const runs = [];
  let style = start;
  let text = '';
  // eslint-disable-next-line no-control-regex
  const token = /\u001b\[([0-9;]*)([A-Za-z])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b.|([^\u001b]+)/g;
  for (const m of line.matchAll(token)) {
    if (m[3] !== undefined) {
      text += m[3];
      continue;
    }
    if (m[2] !== 'm') continue;
    if (text) runs.push({ text, style });
    text = '';
    style = applySgr(style, m[1] === '' ? [] : m[1].split(';').map((p) => Number(p || 0)));
  }
  if (text) runs.push({ text, style });
  return { runs, style };
}

function escapeXml(s) {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * The SVG of a screen of `columns` x `rows` cells; `title` is the accessible name. Trailing blank lines are kept
 * out so the picture ends where the screen's content does.
 */
export function ansiToSvg(screen, { columns, title }) {
  const lines = screen.replace(/\n$/, '').split('\n');
  // eslint-disable-next-line no-control-regex
  const plain = (l) => l.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  while (lines.length > 0 && plain(lines.at(-1)).trim() === '') lines.pop();
  const width = Math.ceil(columns * CELL_WIDTH + 2 * PADDING);
  const height = lines.length * LINE_HEIGHT + 2 * PADDING;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" rx="6" fill="${BACKGROUND}"/>`,
    `<g font-family="ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="${FONT_SIZE}" fill="${FOREGROUND}" xml:space="preserve">`,
  ];
  let style = {};
  lines.forEach((line, row) => {
    const { runs, style: after } = runsOf(line, style);
    style = after;
    const y = PADDING + (row + 1) * LINE_HEIGHT - 5;
    let column = 0;
    const spans = [];
    for (const run of runs) {
      const cells = [...run.text].length;
      const x = (PADDING + column * CELL_WIDTH).toFixed(1);
      if (run.style.bg)
        out.push(
          `<rect x="${x}" y="${y - LINE_HEIGHT + 5}" width="${(cells * CELL_WIDTH).toFixed(1)}" height="${LINE_HEIGHT}" fill="${run.style.bg}"/>`,
        );
      const attrs = [
        `x="${x}"`,
        run.style.fg ? `fill="${run.style.fg}"` : '',
        run.style.bold ? 'font-weight="bold"' : '',
        run.style.dim ? 'opacity="0.6"' : '',
      ].filter(Boolean);
      if (run.text.trim() !== '') spans.push(`<tspan ${attrs.join(' ')}>${escapeXml(run.text)}</tspan>`);
      column += cells;
    }
    if (spans.length > 0) out.push(`<text y="${y}">${spans.join('')}</text>`);
  });
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}
