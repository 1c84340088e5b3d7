import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace } from './run-cli.js';

// The check bundle as the pre-commit hook installs it (dist/check alone), copied so the cache can be broken here
// without touching the build other tests run.
const BUILT = fileURLToPath(new URL('../dist/check/', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/payments-prod.yaml', import.meta.url));
const CACHE = `atlas-cmk-check.${process.version}-${process.arch}.cache`;
const CANARY = 'canary-Secret-Vq3~p0.Lz8!kk';

let dir: string;
let hook: string;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(hook, 'bin.cjs'), ...args],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-code-cache-'));
  hook = join(dir, 'hook');
  cpSync(BUILT, hook, { recursive: true });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the check bundle', () => {
  it('takes the built-in rules from the precompiled pack its build verified, without reading the rule files', async () => {
    const copy = join(dir, 'no-rule-files');
    cpSync(BUILT, copy, { recursive: true });
    rmSync(join(copy, 'policies/rules'), { recursive: true });
    const bad = join(dir, 'literal-secret.yaml');
    writeFileSync(bad, readFileSync(EXAMPLE, 'utf8').replace('${env:AZURE_CLIENT_SECRET}', 'a-literal-secret'));
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [join(copy, 'bin.cjs'), 'check', bad], { cwd: dir }, (error, stdout) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('cmk/no-inline-secret');
  });
});

describe('the check bundle ends its process itself', () => {
  // The check writes its report into a shell pipe (64 KiB) whose reader sleeps first, so the pipe fills up and
  // the writer has to wait. `nonBlocking`: the pipe is left in non-blocking mode by the program that started the
  // check (Python sets it, then runs Node in its place), so a write to the full pipe fails with EAGAIN instead.
  it.each([
    ['a pipe nobody reads for a while', false],
    ['such a pipe left non-blocking by the program that started it', true],
  ])('only once its whole output is written, even to %s', async (_name, nonBlocking) => {
    const many = join(dir, `many-bad-${String(nonBlocking)}`);
    mkdirSync(many);
    const text = readFileSync(EXAMPLE, 'utf8');
    for (let i = 0; i < 300; i++)
      writeFileSync(
        join(many, `p${String(i).padStart(3, '0')}.yaml`),
        text
          .replace('azureEnvironment: AZURE', `azureEnvironment: NOWHERE${i}`)
          .replace(/projectId: [0-9a-f]{24}/, `projectId: 66c9e8f1dd6c9960802${i.toString(16).padStart(5, '0')}`),
      );
    const setNonBlocking =
      'import fcntl, os, sys; fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_NONBLOCK); ' +
      'os.execv(sys.argv[1], sys.argv[1:])';
    const script = `${nonBlocking ? 'python3 -c "$SET_NONBLOCKING" ' : ''}"$NODE" "$BIN" check --format json "$DIR" | { sleep 0.3; cat; }; echo "exit $\{PIPESTATUS[0]}" >&2`;
    const child = spawn('bash', ['-c', script], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        NODE: process.execPath,
        BIN: join(hook, 'bin.cjs'),
        DIR: many,
        SET_NONBLOCKING: setNonBlocking,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('exit 1\n');
    const output = Buffer.concat(chunks);
    expect(output.length).toBeGreaterThan(65536);
    const report = JSON.parse(output.toString('utf8')) as { findings: { file: string }[] };
    expect(new Set(report.findings.map((f) => f.file)).size).toBe(300);
  });
});

describe('the check bundle code cache', () => {
  it('ships a cache for this Node.js, made by the build', () => {
    expect(existsSync(join(BUILT, CACHE))).toBe(true);
    expect(readFileSync(join(BUILT, CACHE)).length).toBeGreaterThan(10_000);
  });

  it('checks correctly with a corrupt cache, then replaces it with one V8 accepts', async () => {
    const cache = join(hook, CACHE);
    writeFileSync(cache, Buffer.alloc(4096, 0x5a));
    const r = await run(['check', EXAMPLE]);
    expect(r.stdout).toContain('1 file checked, no problems.');
    expect(r.code).toBe(0);
    const replaced = readFileSync(cache);
    expect(replaced.equals(Buffer.alloc(4096, 0x5a))).toBe(false);
    // No temporary file is left behind.
    expect(readdirSync(hook).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const again = await run(['check', EXAMPLE]);
    expect(again.code).toBe(0);
    expect(readFileSync(cache).equals(replaced)).toBe(true);
  });

  it('holds compiled code only: a secret in a checked file never reaches it', async () => {
    rmSync(join(hook, CACHE), { force: true });
    const bad = join(dir, 'inline-secret.yaml');
    writeFileSync(bad, readFileSync(EXAMPLE, 'utf8').replace('${env:AZURE_CLIENT_SECRET}', CANARY));
    const r = await run(['check', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('cmk/no-inline-secret');
    const cache = readFileSync(join(hook, CACHE));
    for (const encoding of ['utf8', 'utf16le', 'latin1'] as const)
      expect(cache.includes(Buffer.from(CANARY, encoding))).toBe(false);
    expect(cache.includes(Buffer.from(Buffer.from(CANARY).toString('base64')))).toBe(false);
  });

  it('works when the cache cannot be written, and leaves nothing behind', async () => {
    // A folder where the cache file belongs: it can be neither read nor replaced, whoever runs the check (root
    // ignores a read-only mode, so that is not how this is shown).
    rmSync(join(hook, CACHE), { force: true });
    mkdirSync(join(hook, CACHE, 'occupied'), { recursive: true });
    const r = await run(['check', EXAMPLE]);
    expect(r.stdout).toContain('1 file checked, no problems.');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    expect(readdirSync(hook).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    rmSync(join(hook, CACHE), { recursive: true, force: true });
  });
});
