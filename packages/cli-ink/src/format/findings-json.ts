import { countBySeverity, type FindingsReport } from './findings.js';

/**
 * Machine-readable findings: `{ version, findings: [{ ruleId, severity, message, file, line, column, projectId,
 * … }], summary }`. `ruleId` is the rule id for policy findings and the loader code otherwise.
 */
export function formatFindingsJson(report: FindingsReport): string {
  const findings = report.findings.map((f) => ({
    ruleId: f.ruleId ?? f.code,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    ...(f.endLine !== undefined ? { endLine: f.endLine, endColumn: f.endColumn } : {}),
    projectId: f.projectId ?? null,
    ...(f.helpUri ? { helpUri: f.helpUri } : {}),
    ...(f.waived ? { waived: f.waived } : {}),
  }));
  const c = countBySeverity(report.findings);
  return (
    JSON.stringify(
      {
        version: 1,
        tool: { name: 'atlas-cmk', version: report.toolVersion },
        files: report.files,
        findings,
        summary: { ...c, waived: report.findings.filter((f) => f.waived).length, rules: report.counts },
      },
      null,
      2,
    ) + '\n'
  );
}
