import type { Document, LineCounter, Node as YamlNode, Range } from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';
import type { SourceLocation } from '../diagnostics.js';
import type { NodePath } from '../document.js';

/** Where one node sits in the source: its value and, for a mapping entry, its key (byte offsets). */
interface NodeSpan {
  value?: readonly [number, number];
  key?: readonly [number, number];
}

/**
 * The source positions of every node of one YAML document, keyed by JSON path. It keeps offsets
 * only, never the text, so a document whose values include a literal secret can be located after
 * the parsed tree (which holds that secret) is gone.
 */
export class NodePositions {
  readonly #spans: ReadonlyMap<string, NodeSpan>;
  readonly #lines: LineCounter;
  readonly #file: string;
  readonly #start: number;

  private constructor(spans: ReadonlyMap<string, NodeSpan>, lines: LineCounter, file: string, start: number) {
    this.#spans = spans;
    this.#lines = lines;
    this.#file = file;
    this.#start = start;
  }

  /** Indexes `document`, whose offsets `lines` (the counter the whole file was parsed with) resolves. */
  static of(document: Document, lines: LineCounter, file: string): NodePositions {
    const spans = new Map<string, NodeSpan>();
    const contents = document.contents as YamlNode | null;
    const start = contents?.range?.[0] ?? document.range?.[0] ?? 0;
    if (contents) index(contents, [], spans, undefined);
    return new NodePositions(spans, lines, file, start);
  }

  /** The value at `path`, else its key, else the nearest existing ancestor, else the document start. */
  locate(path: NodePath): SourceLocation {
    for (let length = path.length; length >= 0; length -= 1) {
      const span = this.#spans.get(keyOf(path.slice(0, length)));
      const range = span?.value ?? span?.key;
      if (range) return this.#location(range);
    }
    return this.#location([this.#start, this.#start]);
  }

  /**
   * The key of the mapping entry at `path` (`azureKeyVault:` for `['spec', 'azureKeyVault']`), for
   * problems about the entry as a whole such as a missing field in it. Falls back like {@link locate}.
   */
  locateKey(path: NodePath): SourceLocation {
    const span = this.#spans.get(keyOf(path));
    if (span?.key) return this.#location(span.key);
    return this.locate(path);
  }

  #location([start, end]: readonly [number, number]): SourceLocation {
    const from = this.#lines.linePos(start);
    const to = this.#lines.linePos(end);
    return { file: this.#file, line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }
}

function index(node: YamlNode, path: NodePath, spans: Map<string, NodeSpan>, key: Range | undefined): void {
  const value = node.range && node.range[1] > node.range[0] ? ([node.range[0], node.range[1]] as const) : undefined;
  spans.set(keyOf(path), { ...(value ? { value } : {}), ...(key ? { key: [key[0], key[1]] as const } : {}) });
  if (isMap(node)) {
    for (const pair of node.items) {
      // Only scalar keys have a JSON path; the schema rejects the others.
      if (!isScalar(pair.key)) continue;
      const childPath = [...path, String(pair.key.value)];
      const keyRange = pair.key.range ?? undefined;
      if (pair.value && typeof pair.value === 'object' && 'range' in pair.value) {
        index(pair.value as YamlNode, childPath, spans, keyRange);
      } else if (keyRange) {
        spans.set(keyOf(childPath), { key: [keyRange[0], keyRange[1]] });
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, position) => {
      if (item && typeof item === 'object' && 'range' in item)
        index(item as YamlNode, [...path, position], spans, undefined);
    });
  }
}

function keyOf(path: NodePath): string {
  return JSON.stringify(path);
}
