import { describe, expect, it } from 'vitest';
import { ansiToSvg } from '../../scripts/ansi-to-svg.mjs';

const ESC = String.fromCharCode(27);

describe('ansiToSvg (the README picture of the live view)', () => {
  it('draws each line with its colours at its columns, and escapes XML', () => {
    const screen = `${ESC}[90m│${ESC}[39m ${ESC}[1mpayments-prod${ESC}[22m <id> & co\n${ESC}[32m✓${ESC}[0m done\n\n\n`;
    const svg = ansiToSvg(screen, { columns: 40, title: 'a "view"' });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<title>a "view"</title>');
    expect(svg).toContain('<tspan x="12.0" fill="#666666">│</tspan>');
    expect(svg).toContain('font-weight="bold">payments-prod</tspan>');
    expect(svg).toContain('&lt;id&gt; &amp; co');
    expect(svg).toContain('fill="#0dbc79">✓</tspan>');
    // Two lines of content: the blank lines at the end are not drawn.
    expect(svg.match(/<text /g)).toHaveLength(2);
    expect(svg).not.toContain(ESC);
  });

  it('knows 256-colour and 24-bit colours, and backgrounds', () => {
    const svg = ansiToSvg(`${ESC}[38;5;196mred${ESC}[0m ${ESC}[48;2;0;0;255m blue ${ESC}[0m`, {
      columns: 20,
      title: 't',
    });
    expect(svg).toContain('fill="#ff0000">red</tspan>');
    expect(svg).toMatch(/<rect x="[\d.]+" y="[\d.-]+" width="[\d.]+" height="18" fill="#0000ff"\/>/);
  });
});
