import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT } from './run-cli.js';
import { EXIT_MARK, openTerminal, tmuxAvailable, type Terminal } from './tmux.js';
import { desired, startWorld, type World } from './world.js';

// The live view as a person sees it: the built binary in a real terminal (tmux) of a fixed size, against the
// simulator, asserting on the captured screen.

const EXAMPLES = join(REPO_ROOT, 'packages/cli-ink/examples');
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

const worlds: World[] = [];
const terminals: Terminal[] = [];
beforeAll(() => {
  if (!tmuxAvailable()) throw new Error('tmux is needed for the live view tests: install it (apt-get install tmux)');
});
afterAll(async () => {
  for (const t of terminals.splice(0)) t.close();
  for (const w of worlds.splice(0)) await w.close();
});

/** Each test starts from the example world as it ships: no endpoint, no CMK. */
async function freshWorld(): Promise<World> {
  const w = await startWorld();
  worlds.push(w);
  return w;
}

function apply(world: World, columns: number, rows: number, args: string[]): Terminal {
  const terminal = openTerminal({
    dir: world.dir,
    columns,
    rows,
    command: [process.execPath, BIN, 'apply', ...args],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', NO_COLOR: '1', ...world.env },
  });
  terminals.push(terminal);
  return terminal;
}

/** Every endpoint row of the view (`│ Endpoint US_CENTRAL  ACTIVE for 12s │`), as region → status. */
function endpointRows(screen: string): Map<string, string> {
  const rows = [...screen.matchAll(/^[│ ] Endpoint (\S+)\s+(\S+) for \d+(?:h\d\d)?(?:m\d\d)?s\s*│?$/gm)];
  return new Map(rows.map((m) => [m[1]!, m[2]!]));
}

/** The endpoints `atlas-cmk status` reports for the projects of `paths`, as project name → region → status. */
async function statusEndpoints(world: World, paths: string[]): Promise<Map<string, Map<string, string>>> {
  const status = await world.cli(['status', ...paths, '--format', 'json']);
  expect(status.code, status.stderr).toBe(0);
  const report = JSON.parse(status.stdout) as {
    projects: { projectName: string; endpoints: { regionName: string; status: string }[] }[];
  };
  return new Map(
    report.projects.map((p) => [p.projectName, new Map(p.endpoints.map((e) => [e.regionName, e.status]))]),
  );
}

/** Lines that ran past the terminal's width or wrapped out of a frame. */
function overflowing(screen: string, columns: number): string[] {
  return screen.split('\n').filter((l) => [...l].length > columns || (l.startsWith('│') && !l.trimEnd().endsWith('│')));
}

describe('the live view in a real terminal', () => {
  it(
    'at 80x24: rows fit, projects are told apart, and the final screen agrees with atlas-cmk status',
    {
      timeout: 180_000,
    },
    async () => {
      const world = await freshWorld();
      const t = apply(world, 80, 24, [EXAMPLES, '--auto-approve', '--poll-interval', '50ms']);
      await t.waitFor((s) => s.includes(EXIT_MARK), 120_000);
      const screen = t.capture({ history: true });
      const view = screen.slice(screen.indexOf('╭'));
      expect(view, screen).toContain(`${EXIT_MARK}0`);
      expect(view).toContain('Apply complete');
      expect(overflowing(view, 80)).toEqual([]);
      // Both example projects have ids starting 66c9: the titles still tell them apart.
      expect(view).toMatch(/│ analytics-dev \(66c9…20f0\)\s+3\/3 steps done │/);
      expect(view).toMatch(/│ payments-prod \(66c9…20e9\)\s+12\/12 steps done │/);
      expect(SPINNER.test(view)).toBe(false);

      const shown = endpointRows(view);
      const live = (await statusEndpoints(world, [EXAMPLES])).get('payments-prod');
      expect([...shown.entries()].sort()).toEqual([...(live ?? new Map<string, string>()).entries()].sort());
      expect(shown.get('US_CENTRAL')).toBe('ACTIVE');
      expect(shown.get('EUROPE_NORTH')).toBe('ACTIVE');
    },
  );

  it(
    'at 120x40: rows show the polled status while waiting, and Ctrl-C leaves a clean summary',
    {
      timeout: 180_000,
    },
    async () => {
      const world = await freshWorld();
      const file = world.write('manual.yaml', desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], approval: 'manual' }));
      const t = apply(world, 120, 40, [file, '--auto-approve', '--poll-interval', '50ms']);
      // Both approvals asked for, and a poll answered since (before it, an approval's row says "waiting for you").
      const waiting = await t.waitFor(
        (s) =>
          (s.match(/ACTION REQUIRED/g) ?? []).length === 2 &&
          /PENDING_ACCEPTANCE for \d+s → waiting for ACTIVE/.test(s),
        120_000,
      );
      expect(overflowing(waiting, 120)).toEqual([]);
      // Each endpoint row and each approval's wait line show what the last poll saw, never what is waited for.
      expect([...endpointRows(waiting).values()]).toEqual(['PENDING_ACCEPTANCE', 'PENDING_ACCEPTANCE']);
      expect(waiting).toMatch(/PENDING_ACCEPTANCE for \d+s → waiting for ACTIVE/);
      expect(waiting).not.toMatch(/Endpoint \S+\s+\S+ or /);

      t.keys('C-c');
      const final = await t.waitFor((s) => s.includes(EXIT_MARK));
      expect(final).toContain(`${EXIT_MARK}1`);
      expect(final).toContain('Apply interrupted');
      expect(final).toContain('again to continue');
      // Nothing stale: no notice written beside the view, no stopping footer, no spinner, no approval box.
      expect(final).not.toContain('atlas-cmk: interrupted');
      expect(final).not.toContain('Stopping:');
      expect(final).not.toContain('ACTION REQUIRED');
      expect(SPINNER.test(final)).toBe(false);
      expect(overflowing(final, 120)).toEqual([]);
      const lines = final.split('\n');
      const summary = lines.findIndex((l) => l.startsWith('Apply interrupted'));
      // After the summary: its next step, the exit mark, and blank lines only.
      const after = lines.slice(summary + 1).filter((l) => l.trim() !== '' && !l.startsWith(EXIT_MARK));
      expect(after.join('\n')).not.toMatch(/│|╰|╭|steps done|Endpoint /);

      const shown = endpointRows(final);
      const live = (await statusEndpoints(world, [file])).get('payments-prod');
      expect([...shown.entries()].sort()).toEqual([...(live ?? new Map<string, string>()).entries()].sort());
    },
  );
});
