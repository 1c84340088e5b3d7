import type { Document, LineCounter, Node as YamlNode, Range } from 'yaml';
import type { SourceLocation } from '../diagnostics.js';
import type { NodePath } from '../document.js';
import type { YamlModule } from './yaml-module.js';

/** Where one node sits in the source (byte offsets of its value and, for a mapping entry, its key). */
interface NodeSpan {
  value?: readonly [number, number];
  key?: readonly [number, number];
  /** Child nodes by mapping key or list index. */
  children?: Map<string | number, NodeSpan>;
}

/**
 * The source positions of every node of one YAML document, as a tree that mirrors the document. It
 * keeps offsets only, never the text, so a document whose values include a literal secret can still
 * be located after the parsed YAML tree (which holds that secret) is gone.
 */
export class NodePositions {
  readonly #root: NodeSpan;
  readonly #lines: LineCounter;
  readonly #file: string;
  readonly #start: number;

  private constructor(root: NodeSpan, lines: LineCounter, file: string, start: number) {
    this.#root = root;
    this.#lines = lines;
    this.#file = file;
    this.#start = start;
  }

  /** Indexes `document`, whose offsets `lines` (the counter the whole file was parsed with) resolves. */
  static of(document: Document, lines: LineCounter, file: string, yaml: YamlModule): NodePositions {
    const contents = document.contents as YamlNode | null;
    const start = contents?.range?.[0] ?? document.range?.[0] ?? 0;
    return new NodePositions(contents ? span(yaml, contents, undefined) : {}, lines, file, start);
  }

  /** The value at `path`, else its key, else the nearest existing ancestor, else the document start. */
  locate(path: NodePath): SourceLocation {
    let best = this.#root.value;
    let current: NodeSpan | undefined = this.#root;
    for (const segment of path) {
      current = child(current, segment);
      if (!current) break;
      best = current.value ?? current.key ?? best;
    }
    return this.#location(best ?? [this.#start, this.#start]);
  }

  /**
   * The key of the mapping entry at `path` (`azureKeyVault:` for `['spec', 'azureKeyVault']`), for
   * problems about the entry as a whole such as a missing field in it. Falls back like {@link locate}.
   */
  locateKey(path: NodePath): SourceLocation {
    let current: NodeSpan | undefined = this.#root;
    for (const segment of path) current = child(current, segment);
    return current?.key ? this.#location(current.key) : this.locate(path);
  }

  #location([start, end]: readonly [number, number]): SourceLocation {
    const from = this.#lines.linePos(start);
    const to = this.#lines.linePos(end);
    return { file: this.#file, line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }
}

function child(parent: NodeSpan | undefined, segment: string | number): NodeSpan | undefined {
  // Paths from JSON pointers carry list indexes as numbers and mapping keys as strings; accept both.
  return (
    parent?.children?.get(segment) ??
    parent?.children?.get(typeof segment === 'number' ? String(segment) : Number(segment))
  );
}

function span(yaml: YamlModule, node: YamlNode, key: Range | null | undefined): NodeSpan {
  const { isMap, isScalar, isSeq } = yaml;
  const result: NodeSpan = {};
  if (node.range && node.range[1] > node.range[0]) result.value = [node.range[0], node.range[1]];
  if (key) result.key = [key[0], key[1]];
  if (isMap(node)) {
    result.children = new Map();
    for (const pair of node.items) {
      // Only scalar keys have a JSON path; the schema rejects the others.
      if (!isScalar(pair.key)) continue;
      const value = pair.value as YamlNode | null;
      const entry =
        value && typeof value === 'object' && 'range' in value
          ? span(yaml, value, pair.key.range)
          : { key: pair.key.range ?? undefined };
      result.children.set(String(pair.key.value), entry as NodeSpan);
    }
  } else if (isSeq(node)) {
    result.children = new Map();
    node.items.forEach((item, index) => {
      if (item && typeof item === 'object' && 'range' in item)
        result.children?.set(index, span(yaml, item as YamlNode, undefined));
    });
  }
  return result;
}
