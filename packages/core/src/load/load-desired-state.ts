import { compareDiagnostics } from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedDocument } from '../document.js';
import { checkDocument, lazySchema } from './check-document.js';
import type { SchemaSource } from './check-document.js';
import { expandPaths } from './expand-paths.js';
import type { SourceFile } from './expand-paths.js';
import { loaderDiagnostic } from './loader-diagnostic.js';
import { loadFast } from './fast-load.js';
import { parseYamlFile } from './parse-yaml.js';
import { readSource } from './read-source.js';
import { loadDesiredStateValidator } from './validator.js';
import type { DesiredStateValidator } from './validator.js';
import { loadYamlModule } from './yaml-module.js';

/** Options of {@link loadDesiredState}. */
export interface LoadOptions {
  /** Folder that relative paths and globs are resolved against; defaults to `process.cwd()`. */
  cwd?: string;
  /**
   * Skip another tool's YAML also in files named one by one (as in folders and globs), with an info note, instead
   * of judging every named file as a desired-state file. For hooks that pass every staged YAML file.
   */
  skipOtherYaml?: boolean;
}

/** Everything read from the given paths. */
export interface LoadResult {
  /** Valid documents, in file order then document order; a duplicate project keeps only its first document. */
  documents: LoadedDocument[];
  /** Every problem found, sorted with {@link compareDiagnostics}. Nothing is thrown for bad input. */
  diagnostics: Diagnostic[];
  /** The files that were read, sorted and de-duplicated, as they appear in diagnostics. */
  files: string[];
}

/**
 * Loads desired-state documents from files, folders (recursively, `*.yaml`/`*.yml`) and globs.
 * Every problem in the input (unreadable files, YAML syntax, schema violations, a project described
 * twice) is a located diagnostic; the call only rejects on a bug or a broken installation.
 */
export async function loadDesiredState(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const expanded = await expandPaths(paths, options.cwd ?? process.cwd());
  const files = expanded.files.map((file) => file.shownAs);
  if (expanded.files.length === 0)
    return { documents: [], diagnostics: expanded.diagnostics.sort(compareDiagnostics), files };
  const validate = await loadDesiredStateValidator();
  const schema = lazySchema();
  // Skipping other tools' YAML in named files is judging them as a folder walk's finds are judged.
  const sources = options.skipOtherYaml ? expanded.files.map((file) => ({ ...file, named: false })) : expanded.files;
  const perFile = sources.map((file) => loadFile(file, validate, schema));
  const diagnostics = [...expanded.diagnostics, ...perFile.flatMap((result) => result.diagnostics)];
  const documents: LoadedDocument[] = [];
  const firstByProject = new Map<string, LoadedDocument>();
  for (const document of perFile.flatMap((result) => result.documents)) {
    const { projectId } = document.project.spec;
    const first = firstByProject.get(projectId);
    if (first === undefined) {
      firstByProject.set(projectId, document);
      documents.push(document);
      continue;
    }
    const at = first.locate(['spec', 'projectId']);
    const message = `project ${projectId} is already described in ${at.file}:${at.line}:${at.column}; describe each project once`;
    diagnostics.push(
      loaderDiagnostic(
        { code: 'project/duplicate', severity: 'error', message },
        document.file,
        document.locate(['spec', 'projectId']),
        projectId,
      ),
    );
  }
  return { documents, diagnostics: diagnostics.sort(compareDiagnostics), files };
}

interface FileResult {
  documents: LoadedDocument[];
  diagnostics: Diagnostic[];
}

function loadFile(file: SourceFile, validate: DesiredStateValidator, schema: SchemaSource): FileResult {
  const source = readSource(file.absolutePath, file.shownAs);
  if (!source.ok) return { documents: [], diagnostics: [loaderDiagnostic(source.problem, file.shownAs)] };
  const fast = loadFast(source.text, file.shownAs, validate);
  if (fast) return { documents: fast, diagnostics: [] };
  const parsed = parseYamlFile(source.text, file.shownAs, loadYamlModule());
  const checked = parsed.documents.map((document) =>
    checkDocument(document, file.shownAs, file.named, validate, schema),
  );
  return {
    documents: checked.flatMap((result) => (result.document ? [result.document] : [])),
    diagnostics: [...parsed.diagnostics, ...checked.flatMap((result) => result.diagnostics)],
  };
}
