import type { SourceLocation } from './diagnostics.js';
import type { ProjectEncryption } from './model.js';

/** A JSON path into a document: object keys and array indexes, from the document root. */
export type NodePath = readonly (string | number)[];

/**
 * One valid `ProjectEncryption` document as loaded from a file. Only documents that passed the schema
 * become a `LoadedDocument`; the others are reported as diagnostics.
 */
export interface LoadedDocument {
  /** The file path as the user gave it (kept relative when it was relative). */
  file: string;
  /** 0-based index of the document inside its file (`---` separated). */
  index: number;
  project: ProjectEncryption;
  /**
   * Location of the node at `path` (e.g. `['spec', 'azureKeyVault', 'keyIdentifier']`). When that node does
   * not exist, the location of its nearest existing ancestor; never throws.
   */
  locate(path: NodePath): SourceLocation;
}
