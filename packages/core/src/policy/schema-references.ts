/** Keywords that make a condition refer to a schema (itself included) instead of stating the check in place. */
const REFERENCE_KEYWORDS = new Set(['$ref', '$dynamicRef', '$recursiveRef']);

/** A schema reference in a rule, with the path (inside the rule) it sits at. */
export interface SchemaReference {
  path: (string | number)[];
  keyword: string;
}

/**
 * Find `$ref`-like keywords in a rule. Conditions are self-contained: a reference such as `$ref: "#"` makes
 * the validator call itself on the same value until the stack runs out, and the shared ajv instance would let
 * one pack's rule refer to another's. No built-in rule needs one.
 */
export function findSchemaReferences(value: unknown, path: (string | number)[] = []): SchemaReference[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => findSchemaReferences(item, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [
    ...(REFERENCE_KEYWORDS.has(key) ? [{ path: [...path, key], keyword: key }] : []),
    ...findSchemaReferences(child, [...path, key]),
  ]);
}
