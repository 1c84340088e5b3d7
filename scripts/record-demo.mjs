#!/usr/bin/env node
// Records the picture of the live view in the README: runs the real `atlas-cmk demo` (the built binary, its
// embedded simulator) in a real terminal (tmux) of a fixed size, captures the screen with its colours while the
// endpoints wait for Atlas, and writes it as docs/live-view.svg. Run after `pnpm build`:
//   node scripts/record-demo.mjs            # writes docs/live-view.svg
//   node scripts/record-demo.mjs --check    # exits 1 if the recorded picture no longer shows what the view shows
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansiToSvg } from './ansi-to-svg.mjs';

const COLUMNS = 100;
const ROWS = 34;
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'packages/cli-ink/dist/bin.js');
const target = join(root, 'docs/live-view.svg');
if (!existsSync(bin)) {
  console.error('record-demo: packages/cli-ink/dist/bin.js is missing; run `pnpm build` first.');
  process.exit(2);
}

const socket = `atlas-cmk-record-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
// A slow enough clock that the picture catches the endpoints between INITIATING and ACTIVE.
const command = `cd ${quote(root)} && env -i PATH=${quote(process.env.PATH ?? '')} TERM=xterm-256color FORCE_COLOR=1 ${quote(process.execPath)} ${quote(bin)} demo --time-scale 10; sleep 600`;

/** The screen once `predicate` holds, polled every 100 ms for at most a minute. */
async function screenWhen(predicate, escapes) {
  const until = Date.now() + 60_000;
  for (;;) {
    const plain = tmux('capture-pane', '-p', '-t', 'demo');
    if (predicate(plain)) return escapes ? tmux('capture-pane', '-p', '-e', '-t', 'demo') : plain;
    if (Date.now() > until) throw new Error(`record-demo: the demo never showed what was expected:\n${plain}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

try {
  tmux('new-session', '-d', '-s', 'demo', '-x', String(COLUMNS), '-y', String(ROWS), command);
  // Both endpoints approved and polled a few times while they wait for ACTIVE.
  const screen = await screenWhen(
    (s) => (s.match(/PENDING_ACCEPTANCE for [1-9]\d*s → waiting for ACTIVE/g) ?? []).length === 2,
    true,
  );
  const svg = ansiToSvg(screen, {
    columns: COLUMNS,
    title: 'atlas-cmk apply: the live view while two private endpoints wait for Atlas to report them ACTIVE',
  });
  if (process.argv.includes('--check')) {
    // Times, spinners and which step is at which stage differ from run to run; what must match is what kinds of
    // rows the view shows: the projects' titles (name and short id) and the endpoint rows.
    const shape = (svgText) => {
      const text = svgText
        .replace(/<[^>]+>/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ');
      const found = text.match(/Endpoint [A-Z_]+|[a-z-]+ \(\w+…\w+\)/g) ?? [];
      return [...new Set(found)].sort().join('\n');
    };
    const recorded = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (shape(recorded) !== shape(svg)) {
      console.error('record-demo: docs/live-view.svg is out of date; run node scripts/record-demo.mjs');
      process.exitCode = 1;
    }
  } else {
    mkdirSync(join(root, 'docs'), { recursive: true });
    writeFileSync(target, svg);
    console.log(`record-demo: wrote ${target} (${COLUMNS}x${ROWS})`);
  }
} finally {
  try {
    tmux('kill-server');
  } catch {
    // Already gone.
  }
}
