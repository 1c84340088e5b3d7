import { escapeControl } from './untrusted-text.js';

/** The longest run of `char` in `text` (0 when there is none). */
export function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * `text` as an inline code span: delimited by more backticks than its longest run, padded with a space when it
 * starts or ends with a backtick or a space (CommonMark strips one space on each side). Inside code nothing is
 * markup: no emphasis, link, autolink, mention or HTML. Control characters are shown escaped, so the span stays on
 * its line.
 */
export function codeSpan(raw: string): string {
  const text = escapeControl(raw);
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell's content: a pipe would end the cell, even inside code, unless escaped. */
export function tableCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** Text inside an HTML element: no tag, entity or comment can start. Control characters are shown escaped. */
export function escapeHtml(raw: string): string {
  return escapeControl(raw)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Prose that must read as itself in markdown: every ASCII punctuation character is backslash-escaped (no emphasis,
 * link, heading, list, table cell end, HTML or entity can start) and control characters are shown escaped (no
 * line break can start a block).
 */
export function escapeMarkdownText(raw: string): string {
  return escapeControl(raw).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}
