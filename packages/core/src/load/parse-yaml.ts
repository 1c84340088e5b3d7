import type { Diagnostic } from '../diagnostics.js';
import { loaderDiagnostic } from './loader-diagnostic.js';
import { NodePositions } from './node-positions.js';
import { syntaxProblem } from './syntax-problem.js';
import type { YamlModule } from './yaml-module.js';

/** More alias expansions than this in one document is treated as an alias bomb and refused. */
export const MAX_ALIAS_COUNT = 100;

/** One YAML document of a file that parsed cleanly and has content. */
export interface ParsedDocument {
  /** 0-based position among all documents of the file (empty ones included). */
  index: number;
  /** The document as plain JSON-like data. */
  value: unknown;
  positions: NodePositions;
}

/** The usable documents of one file and the problems found while parsing it. */
export interface ParsedFile {
  documents: ParsedDocument[];
  diagnostics: Diagnostic[];
}

/**
 * Splits a file into its `---` separated documents and parses each with source positions. A syntax
 * error (`yaml/syntax`, one per document, see {@link syntaxProblem}) drops only the document it occurs in. An empty
 * document between others is a `yaml/empty` warning; a file with no document at all is a `yaml/empty`
 * error, because a desired-state file that describes nothing is almost always a mistake (a truncated
 * or wrongly named file). Parser messages are used without their source excerpt or any quoted source
 * text, which could show a secret.
 */
export function parseYamlFile(text: string, file: string, yaml: YamlModule): ParsedFile {
  const { LineCounter, isScalar, parseAllDocuments } = yaml;
  const lines = new LineCounter();
  // logLevel 'error': yaml's own warnings (e.g. a collection used as a key) must not reach the terminal as Node
  // process warnings; such a document is reported through the schema like any other wrong field.
  const documents = parseAllDocuments(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: 'error',
  });
  const diagnostics: Diagnostic[] = [];
  const parsed: ParsedDocument[] = [];
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  const isEmpty = (document: (typeof documents)[number]) =>
    document.errors.length === 0 &&
    (document.contents === null ||
      (isScalar(document.contents) &&
        document.contents.value === null &&
        document.contents.range?.[0] === document.contents.range?.[1]));

  if (documents.length === 0 || documents.every(isEmpty)) {
    const message = `${file} contains no YAML document; a desired-state file holds at least one ProjectEncryption document`;
    return { documents: [], diagnostics: [loaderDiagnostic({ code: 'yaml/empty', severity: 'error', message }, file)] };
  }
  documents.forEach((document, index) => {
    const problem = syntaxProblem(document.errors, text, document.range[0]);
    if (problem) {
      const message = `YAML syntax error in document ${index + 1}: ${problem.message}`;
      diagnostics.push(loaderDiagnostic({ code: 'yaml/syntax', severity: 'error', message }, file, at(problem.offset)));
      return;
    }
    if (isEmpty(document)) {
      const message = `document ${index + 1} of ${file} is empty; remove the extra --- separator`;
      diagnostics.push(
        loaderDiagnostic({ code: 'yaml/empty', severity: 'warning', message }, file, at(document.range[0])),
      );
      return;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const reason = error instanceof Error ? firstLine(error.message) : 'it cannot be converted to data';
      const limit = /alias/i.test(reason) ? ` (at most ${MAX_ALIAS_COUNT} alias expansions are allowed)` : '';
      const message = `document ${index + 1} cannot be loaded: ${reason}${limit}`;
      diagnostics.push(
        loaderDiagnostic({ code: 'yaml/syntax', severity: 'error', message }, file, at(document.range[0])),
      );
      return;
    }
    parsed.push({ index, value, positions: NodePositions.of(document, lines, file, yaml) });
  });
  return { documents: parsed, diagnostics };
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
