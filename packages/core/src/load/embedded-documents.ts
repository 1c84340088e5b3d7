import type { Diagnostic, SourceLocation } from '../diagnostics.js';
import type { LoadedDocument, NodePath } from '../document.js';
import { checkDocument, lazySchema } from './check-document.js';
import type { NodePositions } from './node-positions.js';
import { loadDesiredStateValidator } from './validator.js';

/** A desired-state document carried as data (in a saved plan), with where it was read from originally. */
export interface EmbeddedDocument {
  /** The document as data: must pass the same schema as a file's document. */
  data: unknown;
  /** The file it was read from, as the user gave it. */
  file: string;
  /** 0-based index of the document inside that file. */
  index: number;
  /** The line of the document's root in that file. */
  line: number;
}

/**
 * Loads documents that travel as data rather than as files: each is checked against the desired-state schema
 * exactly like a file's document (same codes, same sentences), and located at its recorded line, since the
 * positions inside it are not part of the data. Reads no file but the schema; never throws on bad data.
 */
export async function loadEmbeddedDocuments(
  embedded: readonly EmbeddedDocument[],
): Promise<{ documents: LoadedDocument[]; diagnostics: Diagnostic[] }> {
  const validate = await loadDesiredStateValidator();
  const schema = lazySchema();
  const documents: LoadedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const item of embedded) {
    const at: SourceLocation = { file: item.file, line: item.line, column: 1 };
    const positions = { locate: () => at, locateKey: () => at } as unknown as NodePositions;
    const checked = checkDocument(
      { index: item.index, value: item.data, positions },
      item.file,
      true,
      validate,
      schema,
    );
    diagnostics.push(...checked.diagnostics);
    if (checked.document) documents.push({ ...checked.document, locate: (_path: NodePath) => at });
  }
  return { documents, diagnostics };
}
