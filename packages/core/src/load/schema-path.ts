import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The `$id` of the published desired-state JSON Schema (`apiVersion: atlas-cmk/v1`). */
export const desiredStateSchemaId = 'https://atlas-cmk.dev/schema/project-encryption.v1.schema.json';

/**
 * Absolute path of the published desired-state JSON Schema inside this package (also exported as
 * `@atlas-cmk/core/schema/project-encryption.v1.schema.json`). Editors use it through a
 * `# yaml-language-server: $schema=<path>` modeline.
 */
export const desiredStateSchemaPath = fileURLToPath(
  // The same relative location from src/load (tests) and dist/load (the built package).
  new URL('../../schema/project-encryption.v1.schema.json', import.meta.url),
);

/** A JSON Schema node, as read from the schema file. */
export type SchemaNode = { readonly [keyword: string]: unknown };

/**
 * Reads and parses the desired-state schema. The loader needs it only to explain validation errors
 * (allowed field names and values), so it is read on that path and never at start-up.
 */
export function readDesiredStateSchema(): SchemaNode {
  return JSON.parse(readFileSync(desiredStateSchemaPath, 'utf8')) as SchemaNode;
}
