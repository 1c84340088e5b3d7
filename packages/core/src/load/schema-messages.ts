import type { ErrorObject } from 'ajv';
import type { NodePath } from '../document.js';
import { describeValue, fieldName, isSecretField, typeInWords } from './describe-value.js';
import { asSchemaNode, decodeInstancePath, schemaAt, valueAt } from './json-pointers.js';
import type { SchemaNode } from './schema-path.js';
import { closestMatch } from './suggest.js';

/** One schema violation as a sentence, with the node it is about. */
export interface SchemaProblem {
  path: NodePath;
  /** `key`: point at the mapping key of `path` (missing or unknown fields); `value`: at its value. */
  at: 'key' | 'value';
  message: string;
}

/** Enumerations longer than this are summarised rather than listed in full. */
const LISTED_VALUES = 8;

/**
 * Turns ajv errors into plain sentences that name the field and what is allowed, such as
 * `spec.privateEndpoints.approval must be one of "manual", "azure"; got "auto"`. Raw ajv messages are
 * never used. The schema's `x-expected`, `x-message` and `x-condition` annotations supply wording for
 * patterns, combinators and conditional requirements. Values of secret-like fields are never quoted.
 */
export function explainSchemaErrors(
  errors: readonly ErrorObject[],
  data: unknown,
  schema: SchemaNode,
): SchemaProblem[] {
  // The branches of an anyOf/oneOf are explained by the combinator's own sentence.
  const combinators = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .map((error) => `${error.schemaPath}/`);
  const problems = new Map<string, SchemaProblem>();
  for (const error of errors) {
    if (error.keyword === 'if') continue; // the failing `then` keyword is reported on its own
    if (combinators.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const problem = explain(error, data, schema);
    // One sentence per missing field, even when several fields each require it.
    const key =
      error.keyword === 'dependencies'
        ? `${error.instancePath} requires ${String(error.params.missingProperty)}`
        : problem.message;
    if (!problems.has(key)) problems.set(key, problem);
  }
  return [...problems.values()];
}

function explain(error: ErrorObject, data: unknown, schema: SchemaNode): SchemaProblem {
  const path = decodeInstancePath(error.instancePath, data);
  const field = fieldName(path);
  const value = valueAt(data, path);
  const hidden = isSecretField(path);
  const node = schemaAt(schema, error.schemaPath);
  const parent = schemaAt(schema, error.schemaPath.slice(0, error.schemaPath.lastIndexOf('/')));
  const got = `got ${describeValue(value, hidden)}`;
  switch (error.keyword) {
    case 'required': {
      const missing = String(error.params.missingProperty);
      const condition = typeof parent?.['x-condition'] === 'string' ? ` ${parent['x-condition']}` : '';
      return { path, at: 'key', message: `${fieldName([...path, missing])} is required${condition}` };
    }
    case 'dependencies': {
      const missing = String(error.params.missingProperty);
      const because = String(error.params.property);
      return { path, at: 'key', message: `${fieldName([...path, missing])} is required because ${because} is set` };
    }
    case 'additionalProperties': {
      const unknown = String(error.params.additionalProperty);
      const allowed = Object.keys(asSchemaNode(parent?.['properties']) ?? {});
      const suggestion = closestMatch(unknown, allowed);
      const hint =
        suggestion !== undefined
          ? ` (did you mean ${suggestion}?)`
          : allowed.length > 0
            ? `; allowed fields are ${allowed.join(', ')}`
            : '';
      return { path: [...path, unknown], at: 'key', message: `unknown field ${fieldName([...path, unknown])}${hint}` };
    }
    case 'enum': {
      const allowed = (Array.isArray(error.params.allowedValues) ? error.params.allowedValues : []).map(String);
      return { path, at: 'value', message: enumMessage(field, allowed, value, hidden, parent) };
    }
    case 'const':
      return { path, at: 'value', message: `${field} must be ${JSON.stringify(error.params.allowedValue)}; ${got}` };
    case 'type':
      return { path, at: 'value', message: `${field} must be ${typeInWords(error.params.type)}; ${got}` };
    case 'pattern':
      return {
        path,
        at: 'value',
        message: `${field} must be ${expected(parent, `text matching ${String(error.params.pattern)}`)}; ${got}`,
      };
    case 'minLength':
      return { path, at: 'value', message: `${field} must not be empty; expected ${expected(parent, 'some text')}` };
    case 'not':
    case 'anyOf':
    case 'oneOf': {
      const sentence =
        typeof node?.['x-message'] === 'string'
          ? node['x-message']
          : typeof parent?.['x-message'] === 'string'
            ? parent['x-message']
            : undefined;
      return { path, at: 'key', message: `${field} ${sentence ?? 'does not match any of the allowed forms'}` };
    }
    default:
      return {
        path,
        at: 'value',
        message: `${field} is not valid here (schema keyword ${error.keyword}); see the desired-state schema`,
      };
  }
}

function enumMessage(
  field: string,
  allowed: string[],
  value: unknown,
  hidden: boolean,
  schema: SchemaNode | undefined,
): string {
  const got = `got ${describeValue(value, hidden)}`;
  const suggestion = typeof value === 'string' && !hidden ? closestMatch(value, allowed) : undefined;
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  if (allowed.length <= LISTED_VALUES) {
    return `${field} must be one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}; ${got}${hint}`;
  }
  const title = typeof schema?.['title'] === 'string' ? schema['title'] : 'allowed value';
  const examples = allowed
    .slice(0, 2)
    .map((item) => JSON.stringify(item))
    .join(' or ');
  return `${field} must be ${/^[aeiou]/i.test(title) ? 'an' : 'a'} ${title} such as ${examples} (the schema lists all ${allowed.length}); ${got}${hint}`;
}

function expected(schema: SchemaNode | undefined, fallback: string): string {
  return typeof schema?.['x-expected'] === 'string' ? schema['x-expected'] : fallback;
}
