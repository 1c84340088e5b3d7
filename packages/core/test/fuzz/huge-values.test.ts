import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluatePolicy, loadDesiredState, loadRulePacks } from '../../src/index.js';
import { VALID_DESIRED_STATE } from './desired-state-files.js';

const HUGE = 'x'.repeat(1_000_000);
const BUILTIN_RULES = new URL('../../../../policies/rules', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-huge-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Values that once took seconds to minutes: "did you mean" suggestions compared a 1 MB value, or each of
 * 10,000 wrong values, with every allowed value by a full edit-distance table. Each is now judged within the
 * bound, with located diagnostics.
 */
describe('huge values where short names belong', () => {
  const cases: [string, string, string, string, number][] = [
    ['a region', 'US_CENTRAL,', `U${HUGE},`, 'schema/invalid', 2_000],
    ['the Azure environment', 'azureEnvironment: AZURE', `azureEnvironment: ${HUGE}`, 'schema/invalid', 2_000],
    [
      'the rule of a waiver',
      'rule: cmk/endpoint-regions-cover-clusters',
      `rule: ${HUGE}`,
      'waiver/unknown-rule',
      2_000,
    ],
    [
      '10,000 regions that are no region',
      'regions: [US_CENTRAL, EUROPE_NORTH]',
      `regions: [${Array.from({ length: 10_000 }, (_, i) => `US_CENTRAL_${i}`).join(', ')}]`,
      'schema/invalid',
      // 10,000 located errors, each with a suggestion; about a second of CPU time (it was 12 s).
      5_000,
    ],
  ];
  it.each(cases)('%s', async (_what, from, to, code, boundMs) => {
    const text = VALID_DESIRED_STATE.replace(from, to);
    expect(text).not.toBe(VALID_DESIRED_STATE);
    writeFileSync(join(dir, 'huge.yaml'), text);
    const pack = await loadRulePacks([BUILTIN_RULES]);
    // CPU time of this process, not wall time: other work on a busy machine does not count against the bound.
    const started = process.cpuUsage();
    const loaded = await loadDesiredState(['huge.yaml'], { cwd: dir });
    const policy = evaluatePolicy({
      rules: pack.rules,
      documents: loaded.documents,
      scope: 'static',
      today: '2026-06-01',
    });
    const spent = process.cpuUsage(started);
    const elapsed = (spent.user + spent.system) / 1000;
    const findings = [...loaded.diagnostics, ...policy.findings];
    expect(findings.map((f) => f.code)).toContain(code);
    for (const f of findings) expect(f).toMatchObject({ file: 'huge.yaml', line: expect.any(Number) as number });
    expect(findings.every((f) => f.line >= 1 && f.column >= 1)).toBe(true);
    expect(elapsed).toBeLessThan(boundMs);
  });
});
