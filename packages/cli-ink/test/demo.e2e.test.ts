import { describe, expect, it } from 'vitest';
import { hasStackTrace, runCli } from './run-cli.js';

describe('atlas-cmk demo', () => {
  it('plans and applies the examples against an embedded simulator, then finds nothing left to do', async () => {
    const started = Date.now();
    const r = await runCli(['demo', '--format', 'plain', '--time-scale', '200']);
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1. Plan');
    expect(r.stdout).toMatch(/Plan: \d+ to add, \d+ to change, 0 to destroy\./);
    expect(r.stdout).toContain('approved in Azure');
    expect(r.stdout).toMatch(/Apply complete: \d+ steps succeeded/);
    expect(r.stdout).toContain('No changes. Live state matches the desired state.');
    expect(r.stdout).toContain('Demo complete');
    // The demo's own credentials are the example world's made-up ones; it must not need or print any.
    expect(r.stdout + r.stderr).not.toContain('sim-azure-client-secret-value');
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('writes one JSON event per line with --format ndjson, and people-facing text to stderr', async () => {
    const r = await runCli(['demo', '--format', 'ndjson', '--time-scale', '200']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const kinds = lines.map((l) => (JSON.parse(l) as { kind: string }).kind);
    expect(kinds[0]).toBe('run.started');
    expect(kinds.at(-1)).toBe('run.finished');
    expect(kinds).toContain('step.waiting');
    expect(r.stderr).toContain('Demo complete');
  });
});
