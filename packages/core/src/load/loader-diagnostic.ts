import type { Diagnostic, LoaderCode, Severity, SourceLocation } from '../diagnostics.js';

/** What a loader diagnostic says, before it is placed in a file. */
export interface LoaderProblem {
  code: LoaderCode;
  severity: Severity;
  message: string;
}

/**
 * A loader diagnostic at `location`, or at line 1, column 1 of `file` when there is no better place
 * (a file that cannot be read, a path that matched nothing).
 */
export function loaderDiagnostic(
  problem: LoaderProblem,
  file: string,
  location?: SourceLocation,
  projectId?: string,
): Diagnostic {
  return {
    code: problem.code,
    severity: problem.severity,
    message: problem.message,
    ...(location ?? { file, line: 1, column: 1 }),
    ...(projectId === undefined ? {} : { projectId }),
  };
}
