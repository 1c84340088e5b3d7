import { readFileSync } from 'node:fs';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { didYouMean } from './did-you-mean.js';

/** Absolute path of the rule format's JSON Schema (`packages/core/schema/policy-rule.v1.schema.json`). */
export const RULE_SCHEMA_PATH = new URL('../../schema/policy-rule.v1.schema.json', import.meta.url);

/** The fields a rule may have, for "did you mean" hints. */
const RULE_FIELDS = [
  'id',
  'severity',
  'description',
  'docs',
  'scope',
  'waivable',
  'match',
  'message',
  'locate',
  'when',
  'assert',
  'checks',
];
const CHECK_FIELDS = ['severity', 'message', 'locate', 'when', 'assert'];

/** What a field that failed a `pattern` should look like, in words. */
const PATTERN_HINTS: Readonly<Record<string, string>> = {
  id: 'a prefix, a slash and a lower-case kebab-case name, like acme/require-two-regions',
  docs: 'an http(s) URL',
  forEach: 'a JSON pointer into the facts document, like /cross/optedInClusters',
};

/** Compile the rule-format validator (ajv strict mode, all errors). Call once per rule-pack load. */
export function compileRuleFormat(AjvClass: typeof Ajv): ValidateFunction {
  const schema = JSON.parse(readFileSync(RULE_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = new AjvClass({ strict: true, allErrors: true, allowUnionTypes: true });
  return ajv.compile(schema);
}

/** One ajv error of the rule format, turned into a sentence and the path it is about. */
export interface RuleFormatProblem {
  path: string;
  message: string;
}

/** Turn the rule-format validator's errors into plain sentences (never a raw ajv message). */
export function describeRuleFormatErrors(errors: readonly ErrorObject[]): RuleFormatProblem[] {
  const hasOneOf = errors.some((e) => e.keyword === 'oneOf' && e.instancePath === '');
  const relevant = hasOneOf ? errors.filter((e) => !e.schemaPath.startsWith('#/oneOf/')) : errors;
  const seen = new Set<string>();
  const problems: RuleFormatProblem[] = [];
  for (const error of relevant) {
    const message = sentence(error);
    if (message === undefined || seen.has(message)) continue;
    seen.add(message);
    problems.push({ path: error.instancePath, message });
  }
  return problems;
}

function sentence(error: ErrorObject): string | undefined {
  const where = fieldName(error.instancePath);
  const field = error.instancePath.split('/').pop() ?? '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${where} is missing the required field "${String(params.missingProperty)}"`;
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = /\/checks\/\d+$/.test(error.instancePath)
        ? CHECK_FIELDS
        : error.instancePath === ''
          ? RULE_FIELDS
          : [];
      const hint = didYouMean(name, known);
      return `${where} has an unknown field "${name}"${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`;
    }
    case 'enum':
      return `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `${where} must be ${article(String(params.type))}`;
    case 'pattern':
      return `${where} must be ${PATTERN_HINTS[field] ?? `text matching ${String(params.pattern)}`}`;
    case 'minLength':
    case 'minItems':
      return `${where} must not be empty`;
    case 'oneOf':
      return 'a rule needs either "assert" with "message", or a list of "checks" (exactly one of the two)';
    case 'not':
      return undefined;
    default:
      return `${where} is not valid (${error.keyword})`;
  }
}

function fieldName(instancePath: string): string {
  if (instancePath === '') return 'the rule';
  const dotted = instancePath
    .slice(1)
    .split('/')
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
  return `"${dotted}"`;
}

function article(type: string): string {
  const words = type.split(',').map((t) => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : `a ${t}`));
  return words.join(' or ');
}
