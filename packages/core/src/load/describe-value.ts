import type { NodePath } from '../document.js';

/** `spec.clusters[0].name` for `['spec', 'clusters', 0, 'name']`; "the document" for the root. */
export function fieldName(path: NodePath): string {
  if (path.length === 0) return 'the document';
  return path
    .map((segment, position) =>
      typeof segment === 'number' ? `[${segment}]` : position === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/** Whether a field may hold a secret (`secret`, `password`, `token`, ...): its value is then never quoted. */
export function isSecretField(path: NodePath): boolean {
  const last = path.findLast((segment) => typeof segment === 'string');
  return typeof last === 'string' && /secret|password|passwd|token|credential|private.?key|api.?key/i.test(last);
}

/**
 * A short description of a value for "got …" in messages: strings quoted (long ones shortened),
 * other scalars as written, lists and mappings by kind. With `hidden`, only the kind is named, so a
 * value that may be a secret never reaches a message.
 */
export function describeValue(value: unknown, hidden = false): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      if (hidden) return 'a string';
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    case 'number':
    case 'bigint':
      return hidden ? 'a number' : String(value);
    case 'boolean':
      return hidden ? 'a boolean' : String(value);
    case 'object':
      return 'a mapping';
    default:
      return `a ${typeof value}`;
  }
}

/** What a JSON Schema `type` means, in words a YAML author knows. */
export function typeInWords(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : [String(type)];
  const words = types.map((name) => {
    switch (name) {
      case 'boolean':
        return 'true or false';
      case 'string':
        return 'a string';
      case 'object':
        return 'a mapping (key: value lines)';
      case 'array':
        return 'a list';
      case 'integer':
        return 'a whole number';
      case 'number':
        return 'a number';
      case 'null':
        return 'empty';
      default:
        return name;
    }
  });
  return words.join(' or ');
}
