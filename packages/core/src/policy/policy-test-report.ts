import type { Diagnostic } from '../diagnostics.js';

/** Whether a fixture was meant to pass the rule (no finding) or fail it (at least one finding). */
export type FixtureExpectation = 'pass' | 'fail';

/** One fixture file of one rule. */
export interface FixtureResult {
  /** The fixture's desired-state file. */
  file: string;
  expected: FixtureExpectation;
  ok: boolean;
  /** Findings of the rule under test (waived ones excluded). */
  findings: number;
  /** Why the fixture failed, in words; absent when it passed. */
  reason?: string;
}

/** Every fixture of one rule. */
export interface RuleTestReport {
  ruleId: string;
  ok: boolean;
  fixtures: FixtureResult[];
  /** Problems with the rule's fixture set as a whole (e.g. no fail fixture). */
  problems: string[];
}

/** What `atlas-cmk policy test` prints: per rule, the fixtures that passed and failed, and why. */
export interface PolicyTestReport {
  packDir: string;
  ok: boolean;
  rules: RuleTestReport[];
  /** Problems loading the pack's rules; any makes the report fail. */
  diagnostics: Diagnostic[];
  counts: { rules: number; fixtures: number; passed: number; failed: number };
}

/** The expectations a fixture may state in a sibling `<name>.expect.yaml`. */
export interface FixtureExpectations {
  /** Exact number of findings of the rule. */
  count?: number;
  /** Each text must appear in some finding's message. */
  messages?: string[];
  /** The findings' lines, in order. */
  lines?: number[];
  /** The findings' severities, in order. */
  severities?: string[];
}
