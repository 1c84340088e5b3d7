/** How serious a diagnostic is. `error` fails `check` (exit 1); `warning` and `info` are reported only. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem in the user's input, returned as a value (never thrown). Every diagnostic is located:
 * `file` is the path as the user gave it (relative when they gave a relative path), `line` and `column`
 * are 1-based. A diagnostic that has no better place points at line 1, column 1 of the file.
 *
 * `code` is stable and machine-readable: a built-in rule id (`cmk/…`), a user rule id, or one of the
 * loader codes of {@link LoaderCode}. Messages never contain a secret value.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The Atlas project the problem belongs to, when it belongs to one. */
  projectId?: string;
  /** For policy findings: the rule id (same as `code`). */
  ruleId?: string;
  /** For policy findings: the rule's documentation link. */
  helpUri?: string;
  /** For policy findings that a waiver covers: the waiver's reason. Waived findings do not fail `check`. */
  waived?: { reason: string; expires: string };
}

/** Codes of problems found before policy runs. */
export type LoaderCode =
  | 'io/unreadable' // a path that cannot be read (missing, permission, a folder given where a file is needed)
  | 'io/no-files' // a path, folder or glob that matched no YAML file
  | 'yaml/syntax' // YAML that does not parse
  | 'yaml/empty' // a file or document with no content
  | 'schema/invalid' // a document that does not match the desired-state JSON Schema
  | 'schema/unknown-kind' // apiVersion/kind that atlas-cmk does not know
  | 'project/duplicate' // the same projectId described twice (in one file or across files)
  | 'secret/unresolved' // a secret reference whose value is needed but missing (plan/apply only)
  | 'waiver/unknown-rule' // a waiver that names no known rule
  | 'waiver/expired' // a waiver whose expiry date has passed
  | 'waiver/invalid' // a waiver with a malformed date or missing reason
  | 'policy/invalid-rule' // a rule file that does not match the rule format
  | 'policy/duplicate-rule'; // two rules with one id

/** A location in a source file, 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** Sort diagnostics by file, line, column, then code: the order every formatter prints them in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
