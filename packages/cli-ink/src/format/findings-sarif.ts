import type { Severity } from '@atlas-cmk/core';
import type { FindingsReport } from './findings.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Make a relative, forward-slash URI for SARIF `artifactLocation.uri` (code scanning resolves it from the repo root). */
function artifactUri(file: string): string {
  const slashed = file.replace(/\\/g, '/').replace(/^\.\//, '');
  return slashed.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 for code-scanning upload: one run, the tool's rules as `reportingDescriptor`s (id, description,
 * help link, default level), one result per finding located by file/line/column, waived findings carried as
 * `suppressions` with the waiver's justification. Loader and schema problems appear as results of rules named
 * after their codes.
 */
export function formatFindingsSarif(report: FindingsReport): string {
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  for (const f of report.findings) {
    if (!rules.has(f.code)) {
      rules.set(f.code, { id: f.code, description: `atlas-cmk ${f.code} problem`, severity: f.severity });
    }
  }
  const ruleList = [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(ruleList.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'atlas-cmk',
            semanticVersion: report.toolVersion,
            informationUri: 'https://github.com/atlas-cmk/atlas-cmk',
            rules: ruleList.map((r) => ({
              id: r.id,
              name: r.id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              ...(r.helpUri ? { helpUri: r.helpUri, help: { text: `${r.description} See ${r.helpUri}` } } : {}),
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        columnKind: 'unicodeCodePoints',
        results: report.findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: index.get(f.code) ?? 0,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(f.file) },
                region: {
                  startLine: f.line,
                  startColumn: f.column,
                  ...(f.endLine !== undefined ? { endLine: f.endLine } : {}),
                  ...(f.endColumn !== undefined ? { endColumn: f.endColumn } : {}),
                },
              },
            },
          ],
          ...(f.projectId ? { properties: { projectId: f.projectId } } : {}),
          ...(f.waived
            ? { suppressions: [{ kind: 'inSource', justification: `${f.waived.reason} (until ${f.waived.expires})` }] }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
