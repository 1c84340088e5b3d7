import type { Diagnostic } from '../diagnostics.js';
import type { LoadedDocument } from '../document.js';
import { describeValue } from './describe-value.js';
import { loaderDiagnostic } from './loader-diagnostic.js';
import type { ParsedDocument } from './parse-yaml.js';
import { explainSchemaErrors } from './schema-messages.js';
import type { SchemaNode } from './schema-path.js';
import { readDesiredStateSchema } from './schema-path.js';
import { toProjectEncryption } from './to-project.js';
import type { RawProjectEncryption } from './to-project.js';
import type { DesiredStateValidator } from './validator.js';

/** The one `apiVersion` this version of atlas-cmk reads. */
export const API_VERSION = 'atlas-cmk/v1';
/** The one `kind` of desired-state document. */
export const KIND = 'ProjectEncryption';

/** The result of checking one parsed document: the loaded document when it is valid, and its diagnostics. */
export interface CheckedDocument {
  document?: LoadedDocument;
  diagnostics: Diagnostic[];
}

/** Reads the schema when a document first needs an error explained; shared by the documents of one load. */
export type SchemaSource = () => SchemaNode;

/** A {@link SchemaSource} that reads the schema file at most once. */
export function lazySchema(): SchemaSource {
  let schema: SchemaNode | undefined;
  return () => (schema ??= readDesiredStateSchema());
}

/**
 * Checks one document: a mapping, a known `apiVersion`/`kind` (else `schema/unknown-kind`, also when
 * both are missing, and the document is not validated further), then the schema (`schema/invalid`, one
 * diagnostic per problem, each at its node). A valid document becomes a {@link LoadedDocument}.
 *
 * In a file that a folder walk or glob found (`named: false`), another tool's YAML (a list, or a
 * mapping with neither an `atlas-cmk/` apiVersion nor `kind: ProjectEncryption`) is skipped with an
 * `info` diagnostic, so `check` of a folder that also holds, say, CI workflows stays clean. A file the
 * user named is always judged as a desired-state file.
 */
export function checkDocument(
  parsed: ParsedDocument,
  file: string,
  named: boolean,
  validate: DesiredStateValidator,
  schema: SchemaSource,
): CheckedDocument {
  const { value, positions } = parsed;
  const notOurs = (what: string): CheckedDocument => {
    const message = named
      ? `document ${parsed.index + 1} ${what}; a desired-state document starts with apiVersion: ${API_VERSION} and kind: ${KIND}`
      : `document ${parsed.index + 1} is skipped: it ${what}, so it is not an atlas-cmk document`;
    const problem = { code: 'schema/unknown-kind', severity: named ? 'error' : 'info', message } as const;
    return { diagnostics: [loaderDiagnostic(problem, file, positions.locate([]))] };
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    // Named by kind only: a stray file (a secret file with a .yaml name, say) must not be quoted.
    if (!named) return notOurs(`is ${describeValue(value, true)}, not a mapping`);
    const message = `document ${parsed.index + 1} must be a mapping with apiVersion, kind, metadata and spec; got ${describeValue(value, true)}`;
    return {
      diagnostics: [
        loaderDiagnostic({ code: 'schema/invalid', severity: 'error', message }, file, positions.locate([])),
      ],
    };
  }
  const record = value as Record<string, unknown>;
  const projectId = projectIdOf(record);
  const ours =
    (typeof record['apiVersion'] === 'string' && record['apiVersion'].startsWith('atlas-cmk/')) ||
    record['kind'] === KIND;
  // Not an atlas-cmk document at all (another tool's YAML): one sentence rather than a field-by-field list.
  if (!('apiVersion' in record) && !('kind' in record)) return notOurs('has no apiVersion and kind');
  if (!named && !ours)
    return notOurs(`has apiVersion ${describeValue(record['apiVersion'])} and kind ${describeValue(record['kind'])}`);
  const unknownKind = [
    ['apiVersion', API_VERSION],
    ['kind', KIND],
  ].flatMap(([field = '', known = '']) => {
    if (!(field in record) || record[field] === known) return [];
    const message = `${field} ${describeValue(record[field])} is not known to atlas-cmk; use ${field}: ${known}`;
    return [
      loaderDiagnostic(
        { code: 'schema/unknown-kind', severity: 'error', message },
        file,
        positions.locate([field]),
        projectId,
      ),
    ];
  });
  if (unknownKind.length > 0) return { diagnostics: unknownKind };

  const errors = validate(value);
  if (errors.length > 0) {
    const diagnostics = explainSchemaErrors(errors, value, schema()).map((problem) => {
      const location = problem.at === 'key' ? positions.locateKey(problem.path) : positions.locate(problem.path);
      return loaderDiagnostic(
        { code: 'schema/invalid', severity: 'error', message: problem.message },
        file,
        location,
        projectId,
      );
    });
    return { diagnostics };
  }
  const project = toProjectEncryption(value as RawProjectEncryption);
  const document: LoadedDocument = { file, index: parsed.index, project, locate: (path) => positions.locate(path) };
  return { document, diagnostics: duplicateClusters(document) };
}

/** A cluster listed twice would get two contradictory instructions; the second listing is an error. */
function duplicateClusters(document: LoadedDocument): Diagnostic[] {
  const first = new Map<string, number>();
  return document.project.spec.clusters.flatMap((cluster, index) => {
    const earlier = first.get(cluster.name);
    if (earlier === undefined) {
      first.set(cluster.name, index);
      return [];
    }
    const where = document.locate(['spec', 'clusters', earlier, 'name']);
    const message = `cluster ${cluster.name} is listed twice in spec.clusters (first at line ${where.line}); list each cluster once`;
    return [
      loaderDiagnostic(
        { code: 'schema/invalid', severity: 'error', message },
        document.file,
        document.locate(['spec', 'clusters', index, 'name']),
        document.project.spec.projectId,
      ),
    ];
  });
}

function projectIdOf(record: Record<string, unknown>): string | undefined {
  const spec = record['spec'];
  if (spec === null || typeof spec !== 'object') return undefined;
  const projectId = (spec as Record<string, unknown>)['projectId'];
  return typeof projectId === 'string' && /^[0-9a-f]{24}$/.test(projectId) ? projectId : undefined;
}
