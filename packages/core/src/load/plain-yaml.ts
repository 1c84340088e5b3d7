import { CORE_SCHEMA, type Type } from 'js-yaml';

/**
 * Reads the plain block YAML that desired-state files are written in, several times faster than js-yaml. For a
 * text in that subset it returns what js-yaml's `loadAll` with the core schema returns; for any other text it
 * returns `undefined`, and the caller parses the text with js-yaml instead. Either way, a document that is not
 * valid, or has anything to report, is parsed again by the position-tracking `yaml` package.
 *
 * The subset:
 * - block mappings whose keys are plain names (`projectId:`);
 * - block sequences (`- item`, `- key: value`), at the same indentation as their key or deeper;
 * - one-line values: plain scalars, single-quoted scalars, double-quoted scalars without escapes, flow sequences
 *   of plain names (`[US_CENTRAL, EUROPE_NORTH]`) and `{}`;
 * - comments, blank lines, `---` between documents, CRLF line ends.
 *
 * Everything else is outside it: empty values, anchors, aliases, tags, block scalars, multi-line scalars, flow
 * mappings, complex keys, directives, tabs, control characters, a repeated key, an empty document, nesting
 * deeper than 64 levels. Plain scalars are resolved by js-yaml's own core-schema types, so `0x1F`, `.inf` or `~`
 * mean here exactly what they mean to js-yaml. The differential test (plain-yaml.test.ts) compares the two on
 * generated and mutated texts.
 */
export function loadPlainYaml(source: string): unknown[] | undefined {
  if (implicitTypes === undefined) return undefined;
  let text = source;
  if (text.includes('\r')) {
    if (/\r(?!\n)/.test(text)) return undefined;
    text = text.replace(/\r\n/g, '\n');
  }
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  const documents: Line[][] = [];
  let lines: Line[] = [];
  let markers = 0;
  // Indexed loops, no regular-expression matches kept: a check runs this for every file, mostly before V8 has
  // optimised it, where each iterator step and match object costs.
  const rawLines = text.split('\n');
  for (let r = 0; r < rawLines.length; r++) {
    const raw = rawLines[r]!;
    if (raw.startsWith('---') && (raw.length === 3 || raw[3] === ' ')) {
      if (!isBlankOrComment(raw.slice(3))) return undefined;
      // Comments before the first marker belong to the first document; any other marker ends a document.
      if (markers > 0 || lines.length > 0) documents.push(lines);
      lines = [];
      markers += 1;
      continue;
    }
    let indent = 0;
    while (indent < raw.length && raw.charCodeAt(indent) === SPACE) indent += 1;
    if (indent === raw.length || raw.charCodeAt(indent) === HASH) continue;
    lines.push({ indent, text: raw.slice(indent) });
  }
  documents.push(lines);
  const values: unknown[] = [];
  for (let d = 0; d < documents.length; d++) {
    const documentLines = documents[d]!;
    // An empty document (js-yaml's `null`) is left to js-yaml.
    if (documentLines.length === 0) return undefined;
    const reader: Reader = { lines: documentLines, pos: 0, depth: 0 };
    const value = readBlock(reader, documentLines[0]!.indent);
    if (value === FAIL || reader.pos !== documentLines.length) return undefined;
    values.push(value);
  }
  return values;
}

interface Line {
  /** Spaces before the content. */
  readonly indent: number;
  /** The line after its indentation: never empty, never a comment. */
  readonly text: string;
}

interface Reader {
  /** The document's content lines; a compact mapping (`- key: value`) replaces its line by the mapping's part. */
  readonly lines: Line[];
  pos: number;
  /** Blocks open around the current line. */
  depth: number;
}

/** "Outside the subset": the reader gives the text to js-yaml. */
const FAIL: unique symbol = Symbol('outside the plain subset');
type Read = unknown;

// Loops over characters stay inside the string: reading past its end makes V8 drop the loop's optimised code.
const SPACE = 0x20;
const HASH = 0x23;

/**
 * Characters the subset does not take: tabs, control characters, the byte-order mark, lone surrogates and
 * characters past the Basic Multilingual Plane, Unicode line separators and U+FFFE/U+FFFF (js-yaml rejects some;
 * none is needed by a desired-state file).
 */
const OUTSIDE_SUBSET = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;

/** A plain key (before its colon). */
const KEY_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Keys js-yaml would turn into a boolean or null, whose name as an object key differs from the text. */
const RESOLVED_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|__proto__)$/;

/** `{}` and what may follow it. */
const EMPTY_MAPPING = /^\{\}(?: *| +#.*)$/;

/** Only a scalar starting with a digit, a sign, a dot, `~` or one of n N t T f F can be null, bool, int or float. */
const MAY_RESOLVE = /^[0-9+\-.~nNtTfF]/;

/** After a quoted scalar or a flow sequence: nothing, or a comment. */
const TAIL = /^(?: *| +#.*)$/;

/** Characters a plain item of a one-line flow sequence may not hold in the subset. */
const FLOW_ITEM_OUTSIDE = /[[\]{}#'"?:&*!|>%@`]/;

/** The core schema's implicit types (null, bool, int, float) in js-yaml's order, or `undefined` if hidden. */
const implicitTypes: readonly Type[] | undefined = (() => {
  const compiled = (CORE_SCHEMA as unknown as { compiledImplicit?: unknown }).compiledImplicit;
  return Array.isArray(compiled) && compiled.length > 0 ? (compiled as Type[]) : undefined;
})();

/** Nesting deeper than this is left to js-yaml (a desired-state file nests five levels). */
const MAX_DEPTH = 64;

function readBlock(reader: Reader, indent: number): Read {
  if (reader.depth === MAX_DEPTH) return FAIL;
  reader.depth += 1;
  const value = isSequenceItem(reader.lines[reader.pos]!.text)
    ? readSequence(reader, indent)
    : readMapping(reader, indent);
  reader.depth -= 1;
  return value;
}

/**
 * Where the colon of a line's plain key is (`name: value`, `name:`), or -1: the line's first colon, after a plain
 * name, at the end of the line or before a space.
 */
function keyColon(text: string): number {
  const colon = text.indexOf(':');
  if (colon <= 0 || (colon + 1 < text.length && text.charCodeAt(colon + 1) !== SPACE)) return -1;
  return KEY_NAME.test(text.slice(0, colon)) ? colon : -1;
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function readMapping(reader: Reader, indent: number): Read {
  const mapping: Record<string, unknown> = {};
  const { lines } = reader;
  while (reader.pos < lines.length) {
    const line = lines[reader.pos]!;
    if (line.indent < indent) break;
    if (line.indent > indent) return FAIL;
    const colon = keyColon(line.text);
    if (colon === -1) return FAIL;
    const key = line.text.slice(0, colon);
    if (RESOLVED_KEY.test(key) || Object.prototype.hasOwnProperty.call(mapping, key)) return FAIL;
    const rest = skipSpaces(line.text, colon + 1);
    reader.pos += 1;
    let value: Read;
    if (rest === '' || rest.charCodeAt(0) === HASH) {
      const next = lines[reader.pos];
      if (next !== undefined && next.indent > indent) value = readBlock(reader, next.indent);
      else if (next !== undefined && next.indent === indent && isSequenceItem(next.text))
        value = readSequence(reader, indent);
      // An empty value (js-yaml's `null`): no desired-state field is empty, so it goes to js-yaml.
      else value = FAIL;
    } else {
      value = readInline(rest);
    }
    if (value === FAIL) return FAIL;
    mapping[key] = value;
  }
  return mapping;
}

function readSequence(reader: Reader, indent: number): Read {
  const sequence: unknown[] = [];
  const { lines } = reader;
  while (reader.pos < lines.length) {
    const line = lines[reader.pos]!;
    if (line.indent < indent) break;
    if (line.indent > indent) return FAIL;
    if (!isSequenceItem(line.text)) break;
    let column = 1;
    while (column < line.text.length && line.text.charCodeAt(column) === SPACE) column += 1;
    const rest = line.text.slice(column);
    let item: Read;
    if (rest === '' || rest.charCodeAt(0) === HASH) {
      reader.pos += 1;
      const next = lines[reader.pos];
      // An empty item (js-yaml's `null`, which takes some less indented lines into it) goes to js-yaml.
      item = next !== undefined && next.indent > indent ? readBlock(reader, next.indent) : FAIL;
    } else if (isSequenceItem(rest)) {
      return FAIL;
    } else if (keyColon(rest) !== -1) {
      // `- key: value`: a mapping whose keys start at the column of `key`.
      lines[reader.pos] = { indent: indent + column, text: rest };
      item = readMapping(reader, indent + column);
    } else {
      reader.pos += 1;
      item = readInline(rest);
    }
    if (item === FAIL) return FAIL;
    sequence.push(item);
  }
  return sequence;
}

/** A value on the rest of its line (`text` starts with neither a space nor `#`). */
function readInline(text: string): Read {
  switch (text.charCodeAt(0)) {
    case 0x27: // '
      return readSingleQuoted(text);
    case 0x22: // "
      return readDoubleQuoted(text);
    case 0x5b: // [
      return readFlowSequence(text);
    case 0x7b: // {
      return EMPTY_MAPPING.test(text) ? {} : FAIL;
    default: {
      const comment = text.indexOf(' #');
      const scalar = trimSpaces(comment === -1 ? text : text.slice(0, comment));
      if (scalar.includes(': ') || scalar.endsWith(':')) return FAIL;
      return readPlain(scalar);
    }
  }
}

function readSingleQuoted(text: string): Read {
  let value = '';
  let from = 1;
  for (;;) {
    const quote = text.indexOf("'", from);
    if (quote === -1) return FAIL;
    value += text.slice(from, quote);
    if (quote + 1 < text.length && text.charCodeAt(quote + 1) === 0x27) {
      value += "'";
      from = quote + 2;
      continue;
    }
    return TAIL.test(text.slice(quote + 1)) ? value : FAIL;
  }
}

function readDoubleQuoted(text: string): Read {
  const quote = text.indexOf('"', 1);
  if (quote === -1) return FAIL;
  const value = text.slice(1, quote);
  if (value.includes('\\')) return FAIL;
  return TAIL.test(text.slice(quote + 1)) ? value : FAIL;
}

function readFlowSequence(text: string): Read {
  const close = text.indexOf(']');
  if (close === -1 || !TAIL.test(text.slice(close + 1))) return FAIL;
  const inner = text.slice(1, close);
  if (FLOW_ITEM_OUTSIDE.test(inner)) return FAIL;
  if (trimSpaces(inner) === '') return [];
  const items: unknown[] = [];
  const parts = inner.split(',');
  for (let p = 0; p < parts.length; p++) {
    const item = trimSpaces(parts[p]!);
    if (item === '') return FAIL;
    const value = readPlain(item);
    if (value === FAIL) return FAIL;
    items.push(value);
  }
  return items;
}

/** A plain scalar (trimmed, not empty): a string, or what the first core-schema type that resolves it makes. */
function readPlain(scalar: string): Read {
  const first = scalar.charCodeAt(0);
  // Indicators cannot start a plain scalar in the subset; `-` may, before a digit or a dot (`-5`, `-.5`).
  if ('-?:,[]{}#&*!|>\'"%@`'.includes(scalar[0]!)) {
    const second = scalar.charCodeAt(1);
    if (!(first === 0x2d && ((second >= 0x30 && second <= 0x39) || second === 0x2e))) return FAIL;
  }
  if (!MAY_RESOLVE.test(scalar)) return scalar;
  const types = implicitTypes!;
  for (let t = 0; t < types.length; t++) {
    if (types[t]!.resolve(scalar)) return types[t]!.construct(scalar);
  }
  return scalar;
}

function isBlankOrComment(text: string): boolean {
  const rest = skipSpaces(text, 0);
  return rest === '' || rest.charCodeAt(0) === HASH;
}

function skipSpaces(text: string, from: number): string {
  let i = from;
  while (i < text.length && text.charCodeAt(i) === SPACE) i += 1;
  return text.slice(i);
}

function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) === SPACE) start += 1;
  while (end > start && text.charCodeAt(end - 1) === SPACE) end -= 1;
  return text.slice(start, end);
}
