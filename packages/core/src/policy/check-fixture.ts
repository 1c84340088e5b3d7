import type { Diagnostic } from '../diagnostics.js';
import type { FixtureExpectation, FixtureExpectations } from './policy-test-report.js';

/**
 * Compare a fixture's findings for the rule under test with what the fixture expects. Returns the
 * reason it failed, in words, or undefined when it holds.
 */
export function fixtureFailure(
  expected: FixtureExpectation,
  findings: readonly Diagnostic[],
  expectations: FixtureExpectations | undefined,
): string | undefined {
  if (expected === 'pass') {
    if (findings.length === 0) return undefined;
    return `expected no finding, got ${findings.length}: ${findings.map(short).join('; ')}`;
  }
  if (findings.length === 0) return 'expected at least one finding, got none';
  if (expectations === undefined) return undefined;
  if (expectations.count !== undefined && findings.length !== expectations.count) {
    return `expected ${expectations.count} finding(s), got ${findings.length}: ${findings.map(short).join('; ')}`;
  }
  for (const text of expectations.messages ?? []) {
    if (!findings.some((f) => f.message.includes(text))) {
      return `no finding says "${text}"; got: ${findings.map(short).join('; ')}`;
    }
  }
  const lines = findings.map((f) => f.line);
  if (expectations.lines !== undefined && lines.join(',') !== expectations.lines.join(',')) {
    return `expected findings at line(s) ${expectations.lines.join(', ')}, got ${lines.join(', ')}`;
  }
  const severities = findings.map((f) => f.severity);
  if (expectations.severities !== undefined && severities.join(',') !== expectations.severities.join(',')) {
    return `expected severities ${expectations.severities.join(', ')}, got ${severities.join(', ')}`;
  }
  return undefined;
}

/** Read a parsed `.expect.yaml`, or explain what is wrong with it. */
export function readExpectations(value: unknown): FixtureExpectations | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'the .expect.yaml file must be a mapping';
  const v = value as Record<string, unknown>;
  const unknownKey = Object.keys(v).find((k) => !['count', 'messages', 'lines', 'severities'].includes(k));
  if (unknownKey !== undefined)
    return `the .expect.yaml file has an unknown field "${unknownKey}" (count, messages, lines, severities)`;
  if (v.count !== undefined && typeof v.count !== 'number') return '"count" in the .expect.yaml file must be a number';
  for (const key of ['messages', 'lines', 'severities'] as const) {
    if (v[key] !== undefined && !Array.isArray(v[key])) return `"${key}" in the .expect.yaml file must be a list`;
  }
  return v as FixtureExpectations;
}

function short(d: Diagnostic): string {
  return `${d.line}:${d.column} ${d.message}`;
}
