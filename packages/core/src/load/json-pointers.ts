import type { NodePath } from '../document.js';
import type { SchemaNode } from './schema-path.js';

// JSON pointers as ajv reports them: instance paths into the document and schema paths into the schema.

/** Decodes an ajv instance path (JSON pointer) into a JSON path, with numbers for list indexes. */
export function decodeInstancePath(pointer: string, data: unknown): NodePath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step = Array.isArray(current) ? Number(segment) : segment;
    path.push(step);
    current = valueAt(current, [step]);
  }
  return path;
}

/** The value at `path` inside `data`, or undefined when the path leaves the data. */
export function valueAt(data: unknown, path: NodePath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The schema node an ajv `schemaPath` (`#/properties/spec/...`) points at. */
export function schemaAt(schema: SchemaNode, schemaPath: string): SchemaNode | undefined {
  let current: unknown = schema;
  for (const raw of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return asSchemaNode(current);
}

/** `value` as a schema node when it is a JSON object. */
export function asSchemaNode(value: unknown): SchemaNode | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as SchemaNode) : undefined;
}
