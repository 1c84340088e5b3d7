import { CORE_SCHEMA, loadAll } from 'js-yaml';
import type { SourceLocation } from '../diagnostics.js';
import type { LoadedDocument, NodePath } from '../document.js';
import type { ProjectEncryption } from '../model.js';
import { API_VERSION, KIND } from './check-document.js';
import type { NodePositions } from './node-positions.js';
import { parseYamlFile } from './parse-yaml.js';
import { loadPlainYaml } from './plain-yaml.js';
import { toProjectEncryption } from './to-project.js';
import type { RawProjectEncryption } from './to-project.js';
import type { DesiredStateValidator } from './validator.js';
import { loadYamlModule } from './yaml-module.js';

/** Anchors and aliases go to the careful path, which limits alias expansion. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,])[&*][^\s]/m;

/**
 * The fast path for a clean file: parses with the plain-YAML reader (plain-yaml.ts), or with js-yaml for a text
 * that reader leaves (YAML 1.2 core schema; both several times faster than the position-tracking parser), and
 * returns its documents only when every one is a valid `ProjectEncryption` with nothing to report. Otherwise
 * returns `undefined`, and the caller loads the file with the `yaml` package, which produces every diagnostic
 * with its position: so all diagnostics come from one parser, and a file js-yaml reads differently (a `0b1`
 * number, an unknown tag) is judged by `yaml`. Positions of a fast-path document are computed on the first
 * `locate` call from the text loaded here (locations travel as data: `locate` never touches the file system, so
 * the planner stays pure).
 * A document holding a literal secret goes to the careful path, so no text holding a secret is kept.
 */
export function loadFast(text: string, file: string, validate: DesiredStateValidator): LoadedDocument[] | undefined {
  if (ANCHOR_OR_ALIAS.test(text)) return undefined;
  let values: unknown[];
  try {
    values = loadPlainYaml(text) ?? loadAll(text, null, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (values.length === 0) return undefined;
  // Where each document starts is computed on the first `locate` of any document of the file, not for every file.
  let roots: { line: number; column: number }[] | undefined | null = null;
  const rootOf = (index: number) => {
    if (roots === null) roots = rootLocations(text);
    return roots?.[index];
  };
  const documents: LoadedDocument[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (!isKnownDocument(value) || validate(value).length > 0) return undefined;
    const project = toProjectEncryption(value as RawProjectEncryption);
    if (hasRepeatedCluster(project) || project.spec.azureKeyVault.secret?.kind === 'literal') return undefined;
    documents.push({ file, index, project, locate: lazyLocate(text, file, index, rootOf) });
  }
  return documents;
}

function isKnownDocument(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return record['apiVersion'] === API_VERSION && record['kind'] === KIND;
}

function hasRepeatedCluster(project: ProjectEncryption): boolean {
  const names = project.spec.clusters.map((cluster) => cluster.name);
  return new Set(names).size !== names.length;
}

/**
 * Where each document's root node starts, read off the text without parsing it again: a document starts at its
 * first line that is not blank, a comment, a directive or a `---` marker, and each `---` after content starts the
 * next document. Only for files the fast path accepted (every document a mapping, none empty); `undefined` when
 * the text has a `...` end marker, whose rules this scan does not follow.
 */
function rootLocations(text: string): { line: number; column: number }[] | undefined {
  const roots: { line: number; column: number }[] = [];
  let sawContent = false;
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    if (/^\.\.\.(\s|$)/.test(line)) return undefined;
    if (/^---(\s|$)/.test(line)) {
      sawContent = false;
      const rest = line.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) return undefined;
      continue;
    }
    const trimmed = line.trimStart();
    if (sawContent || trimmed === '' || trimmed.startsWith('#') || line.startsWith('%')) continue;
    sawContent = true;
    roots.push({ line: i + 1, column: line.length - trimmed.length + 1 });
  }
  return roots;
}

function lazyLocate(
  text: string,
  file: string,
  index: number,
  rootOf: (index: number) => { line: number; column: number } | undefined,
): (path: NodePath) => SourceLocation {
  let positions: NodePositions | null | undefined;
  return (path) => {
    // The document itself (the planner asks for it for every project): no need to parse the file again.
    const root = path.length === 0 && positions === undefined ? rootOf(index) : undefined;
    if (root !== undefined) return { file, ...root };
    if (positions === undefined) positions = positionsOf(text, file, index);
    return positions?.locate(path) ?? { file, line: 1, column: 1 };
  };
}

function positionsOf(text: string, file: string, index: number): NodePositions | null {
  const parsed = parseYamlFile(text, file, loadYamlModule());
  return parsed.documents.find((document) => document.index === index)?.positions ?? null;
}
