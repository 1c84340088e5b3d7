import type { Diagnostic, Severity } from '@atlas-cmk/core';

/** What a findings formatter needs to know of a rule (for SARIF rule metadata and help links). */
export interface RuleInfo {
  id: string;
  description: string;
  severity: Severity;
  helpUri?: string;
}

/** The input of every `check` formatter: all diagnostics (loader, schema, policy), sorted, plus context. */
export interface FindingsReport {
  findings: Diagnostic[];
  rules: RuleInfo[];
  files: string[];
  /** Rule evaluation counts of the policy engine. */
  counts: { pass: number; fail: number; skip: number; waived: number };
  toolVersion: string;
  /** The command the findings come from, for headlines (`check` when absent). */
  command?: 'check' | 'plan' | 'preflight';
}

/** Findings that count against the exit code: not waived, and at or above the failing severity. */
export function failingFindings(findings: readonly Diagnostic[], failOn: Severity): Diagnostic[] {
  const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
  return findings.filter((f) => !f.waived && rank[f.severity] >= rank[failOn]);
}

export function countBySeverity(findings: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) if (!f.waived) counts[f.severity] += 1;
  return counts;
}
