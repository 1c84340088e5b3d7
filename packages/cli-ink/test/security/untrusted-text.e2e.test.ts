import { spawn } from 'node:child_process';
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT } from '../run-cli.js';
import { desired, startWorld, verifyAndClose, type World } from '../world.js';
import { startHostileProxy } from './hostile-proxy.js';

// Control characters but the line feed; a YAML double-quoted string writes them as \e, \a, \r, \x9b.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;
const OWN_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[(?:0|1|2|22|31|32|33|35|36|39)m`, 'g');
const HOSTILE_NAME = String.raw`"pay\e[8mconcealed\e[0m\e]0;owned\a\r\x9b2J\u202eevil\n` + '```' + String.raw`\n<!--"`;

let world: World;

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await verifyAndClose(world);
});

function hostileDocument(): string {
  return desired({ regions: ['US_CENTRAL'] }).replace('  name: payments-prod', `  name: ${HOSTILE_NAME}`);
}

/** Run the binary with stdout on a given descriptor (a file) or a pipe that the test closes at once. */
function runWithStdout(
  args: string[],
  stdout: number | 'closed-pipe',
  env: Record<string, string> = {},
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: ['ignore', stdout === 'closed-pipe' ? 'pipe' : stdout, 'pipe'],
    });
    // The reader goes away before the command writes a byte, as `| head -1` does after its line.
    if (stdout === 'closed-pipe') child.stdout?.destroy();
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('values from user files never steer the terminal', () => {
  it('plan shows a hostile metadata.name escaped, in plain and coloured text', async () => {
    const file = world.write('hostile.yaml', hostileDocument());
    for (const env of [{}, { NO_COLOR: undefined, FORCE_COLOR: '1' }]) {
      const r = await world.cli(['plan', file], { env });
      expect(r.code).toBe(0);
      expect(r.stdout.replace(OWN_COLOURS, '')).not.toMatch(CONTROL);
      expect(r.stdout).toContain(
        String.raw`pay\e[8mconcealed\e[0m\e]0;owned\x07\r\x9b2J\u202eevil\n` + '```' + '\\n<!--',
      );
      expect(r.stderr.replace(OWN_COLOURS, '')).not.toMatch(CONTROL);
    }
  });

  it('check shows a hostile file name escaped in its diagnostics', async () => {
    const text = desired({}).replace('azureEnvironment: AZURE', 'azureEnvironment: NOWHERE');
    const file = world.write('evil\u001b[8m\nforged.yaml', text);
    const r = await world.cli(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(String.raw`evil\e[8m\nforged.yaml:`);
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
  });
});

describe('text from an API answer never forges a line of output', () => {
  it('apply shows a hostile Atlas error detail on its own line, escaped, in plain output, and keeps NDJSON one event per line', async () => {
    // A server (or anything in between) answers the encryption-at-rest PATCH with a detail that tries to end the
    // error line and print atlas-cmk's own success lines after it.
    const forged = 'bad key\n✓ Applied 3 steps.\r\u2028Everything is encrypted.\u001b[32m';
    const proxy = await startHostileProxy(
      () => world.sim.urls.atlas,
      (req) =>
        req.method === 'PATCH' && req.url?.endsWith('/encryptionAtRest')
          ? { status: 400, body: { error: 400, errorCode: 'INVALID_ATTRIBUTE', reason: 'Bad Request', detail: forged } }
          : undefined,
    );
    try {
      const file = world.write('forged-detail.yaml', desired({ regions: ['US_CENTRAL'] }));
      const plain = await world.cli(['apply', file, '--auto-approve', '--format', 'plain'], {
        env: { MONGODB_ATLAS_BASE_URL: proxy.url },
      });
      const out = plain.stdout + plain.stderr;
      expect(plain.code, out).toBe(1);
      expect(out).toContain('INVALID_ATTRIBUTE');
      expect(out).toContain(String.raw`bad key\n✓ Applied 3 steps.\r\u2028Everything is encrypted.\e[32m`);
      for (const line of out.split('\n')) {
        expect(line).not.toMatch(/^\s*✓ Applied 3 steps/);
        expect(line).not.toMatch(/^\s*Everything is encrypted/);
      }
      expect(out.replace(OWN_COLOURS, '')).not.toMatch(CONTROL);

      // NDJSON: one JSON document per line, whatever the detail holds; the detail travels inside a string.
      const ndjson = await world.cli(['apply', file, '--auto-approve', '--format', 'ndjson'], {
        env: { MONGODB_ATLAS_BASE_URL: proxy.url },
      });
      expect(ndjson.code, ndjson.stderr).toBe(1);
      const events = ndjson.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { kind: string });
      expect(events.map((e) => e.kind)).toContain('step.failed');
      expect(JSON.stringify(events.find((e) => e.kind === 'step.failed'))).toContain('INVALID_ATTRIBUTE');
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('plan and status show a hostile detail of a failed read escaped, on the line of the error', async () => {
    const forged = 'no access\n✓ No changes.\u2028All projects are compliant.';
    const proxy = await startHostileProxy(
      () => world.sim.urls.atlas,
      (req) =>
        req.method === 'GET' && req.url?.includes('/encryptionAtRest')
          ? {
              status: 403,
              body: { error: 403, errorCode: 'USER_CANNOT_ACCESS_ORG', reason: 'Forbidden', detail: forged },
            }
          : undefined,
    );
    try {
      const file = world.write('forged-read.yaml', desired({ regions: ['US_CENTRAL'] }));
      for (const args of [
        ['plan', file],
        ['status', file],
      ]) {
        const r = await world.cli(args, { env: { MONGODB_ATLAS_BASE_URL: proxy.url } });
        const out = r.stdout + r.stderr;
        expect(r.code, out).not.toBe(0);
        expect(out).toContain('USER_CANNOT_ACCESS_ORG');
        for (const line of out.split('\n')) {
          expect(line, args[0]).not.toMatch(/^\s*✓ No changes/);
          expect(line, args[0]).not.toMatch(/^\s*All projects are compliant/);
        }
        expect(out.replace(OWN_COLOURS, '')).not.toMatch(CONTROL);
      }
    } finally {
      await proxy.close();
    }
  }, 120_000);
});

describe('output streams', () => {
  it('a closed pipe ends the command quietly', async () => {
    for (const args of [['check', 'examples/'], ['--help'], ['policy', 'test']]) {
      const r = await runWithStdout(args, 'closed-pipe');
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(141);
    }
  });

  it('a full disk under stdout gives one clear line and exit 1', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await runWithStdout(['check', 'examples/'], full);
      expect(r.stderr).toBe('atlas-cmk: cannot write to standard output: no space left on the device (ENOSPC)\n');
      expect(r.code).toBe(1);
    } finally {
      closeSync(full);
    }
  });
});

describe('plan --out', () => {
  it('writes owner-only through a temporary file and leaves nothing else behind', async () => {
    const file = world.write('ok.yaml', desired({ regions: ['US_CENTRAL'] }));
    const out = join(world.dir, 'saved', 'plan.json');
    world.write('saved/plan.json', 'old plan\n');
    const r = await world.cli(['plan', file, '--out', out, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(lstatSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('projects');
    expect(readdirSync(join(world.dir, 'saved'))).toEqual(['plan.json']);
  });

  it('refuses a symbolic link at the destination and leaves its target untouched', async () => {
    const file = world.write('ok2.yaml', desired({ regions: ['US_CENTRAL'] }));
    const target = join(world.dir, 'precious.txt');
    writeFileSync(target, 'precious\n');
    const link = join(world.dir, 'link.json');
    symlinkSync(target, link);
    const r = await world.cli(['plan', file, '--out', link]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `atlas-cmk: cannot write the plan to ${link}: it is a symbolic link; refusing to write through it\n`,
    );
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});
