import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compareDiagnostics,
  evaluatePolicy,
  loadDesiredState,
  type Diagnostic,
  type LoadedRules,
} from '../../../core/dist/index.js';
import { makePaint } from '../../src/color.js';
import type { FindingsReport } from '../../src/format/findings.js';
import { formatFindingsGithub } from '../../src/format/findings-github.js';
import { formatFindingsJson } from '../../src/format/findings-json.js';
import { formatFindingsSarif } from '../../src/format/findings-sarif.js';
import { formatFindingsText } from '../../src/format/findings-text.js';

/** What `check` would print for one file, in every format, and the diagnostics behind it. */
export interface CheckOutcome {
  findings: Diagnostic[];
  outputs: string[];
  elapsedMs: number;
}

/**
 * `check FILE` in-process, the way `runCheck` does it: write `text` (or bytes) to a real file in `dir`, load it,
 * run the static policy with the given (already loaded) rules, and render text, JSON, SARIF and GitHub output.
 */
export async function checkInProcess(
  dir: string,
  name: string,
  content: string | Uint8Array,
  pack: LoadedRules,
): Promise<CheckOutcome> {
  writeFileSync(join(dir, name), content);
  const started = performance.now();
  const loaded = await loadDesiredState([name], { cwd: dir });
  const policy = evaluatePolicy({
    rules: pack.rules,
    documents: loaded.documents,
    scope: 'static',
    today: '2026-06-01',
  });
  const findings = [...loaded.diagnostics, ...pack.diagnostics, ...policy.findings].sort(compareDiagnostics);
  const report: FindingsReport = {
    findings,
    rules: pack.rules.map((r) => ({ id: r.id, description: r.description, severity: r.severity, helpUri: r.docs })),
    files: loaded.files,
    counts: policy.counts,
    toolVersion: '0.0.0-fuzz',
  };
  const github = formatFindingsGithub(report);
  const outputs = [
    formatFindingsText(report, makePaint(false)),
    formatFindingsText(report, makePaint(true)),
    formatFindingsJson(report),
    formatFindingsSarif(report),
    github.stdout,
    github.summary,
  ];
  return { findings, outputs, elapsedMs: performance.now() - started };
}

/** A JavaScript stack frame (`    at fn (file:1:2)`) or a Node internal path in printed text. */
export const STACK_FRAME = /^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$|node:internal/m;

/** Why `findings` are not all located in `file` (1-based line and column), or `undefined` when they are. */
export function unlocated(findings: readonly Diagnostic[], file: string): string | undefined {
  const bad = findings.find(
    (d) =>
      d.file !== file ||
      !Number.isInteger(d.line) ||
      d.line < 1 ||
      !Number.isInteger(d.column) ||
      d.column < 1 ||
      d.message.trim() === '',
  );
  return bad ? `unlocated diagnostic: ${JSON.stringify(bad)}` : undefined;
}
