import type { Document, LineCounter } from 'yaml';
import type { SourceLocation } from '../diagnostics.js';
import { loadYamlModule } from '../load/yaml-module.js';

/**
 * Location of the node at `path` in a parsed YAML document, or of its nearest existing ancestor (the
 * document start when nothing matches). Never throws.
 */
export function locateInYaml(
  file: string,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  path: readonly (string | number)[],
): SourceLocation {
  // The `yaml` package is loaded on first use (see yaml-module.ts): a clean check never needs it.
  const { isNode } = loadYamlModule();
  for (let length = path.length; length >= 0; length -= 1) {
    const node: unknown = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range !== undefined && node.range !== null) {
      const start = lineCounter.linePos(node.range[0]);
      const end = lineCounter.linePos(node.range[1]);
      return { file, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
    }
  }
  const start = lineCounter.linePos(doc.range[0]);
  return { file, line: start.line, column: start.col };
}

/** Location of a character offset in a file. */
export function locateOffset(file: string, lineCounter: LineCounter, offset: number): SourceLocation {
  const pos = lineCounter.linePos(offset);
  return { file, line: pos.line, column: pos.col };
}

/** Split an ajv `instancePath` (`/checks/0/severity`) into path segments. */
export function instancePathSegments(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
