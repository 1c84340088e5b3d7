import type { Ajv } from 'ajv';
import type { Severity, SourceLocation } from '../diagnostics.js';
import { findSchemaReferences } from './schema-references.js';
import type { CompiledCondition, Rule, RuleCheck, RuleScope } from './rule.js';

/** A rule file's document after it passed the rule-format schema. */
export interface RuleSource {
  id: string;
  severity: Severity;
  description: string;
  docs: string;
  scope: RuleScope;
  waivable?: boolean;
  match?: { forEach?: string };
  message?: string;
  locate?: string;
  when?: object | boolean;
  assert?: object | boolean;
  checks?: {
    severity?: Severity;
    message?: string;
    locate?: string;
    when?: object | boolean;
    assert: object | boolean;
  }[];
}

/** A problem found while compiling a rule, with the path (inside the rule) it is about. */
export interface CompileProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Compile one rule's conditions with `ajv` (an instance with `$data` and strict schemas, shared by the
 * whole load so every validator is compiled exactly once, whose patterns run on the linear-time RE2 engine,
 * so no regular expression can make a check slow; one RE2 cannot run is refused with a sentence). Returns the rule, or the problems that stop it from loading.
 */
export function compileRule(
  source: RuleSource,
  ajv: Ajv,
  location: SourceLocation,
): { rule: Rule; problems: [] } | { rule: undefined; problems: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  for (const conditionKey of ['when', 'assert', 'checks'] as const) {
    for (const reference of findSchemaReferences(source[conditionKey], [conditionKey])) {
      problems.push({
        path: reference.path,
        message: `${reference.path.join('.')} is refused: conditions state their checks in place, without ${reference.keyword}`,
      });
    }
  }
  if (problems.length > 0) return { rule: undefined, problems };

  const compile = (schema: object | boolean | undefined, path: (string | number)[]): CompiledCondition | undefined => {
    if (schema === undefined) return true;
    try {
      return ajv.compile(schema);
    } catch (error) {
      problems.push({
        path,
        message: `${path.join('.')} is not a valid JSON Schema: ${plain((error as Error).message)}`,
      });
      return undefined;
    }
  };

  const when = compile(source.when, ['when']);
  const rawChecks = source.checks ?? [
    { severity: source.severity, message: source.message, locate: source.locate, assert: source.assert ?? true },
  ];
  const checks: RuleCheck[] = [];
  rawChecks.forEach((raw, i) => {
    const base = source.checks === undefined ? [] : ['checks', i];
    const checkWhen = compile(raw.when, [...base, 'when']);
    const assert = compile(raw.assert, [...base, 'assert']);
    const message = raw.message ?? source.message;
    if (message === undefined)
      problems.push({ path: base, message: `check ${i + 1} has no "message" and the rule has none either` });
    if (checkWhen === undefined || assert === undefined || assert === true || message === undefined) return;
    checks.push({
      severity: raw.severity ?? source.severity,
      message,
      locate: raw.locate ?? source.locate,
      when: checkWhen,
      assert,
    });
  });
  if (problems.length > 0 || when === undefined) return { rule: undefined, problems };
  return {
    rule: {
      id: source.id,
      severity: source.severity,
      description: source.description,
      docs: source.docs,
      scope: source.scope,
      waivable: source.waivable !== false,
      forEach: source.match?.forEach,
      when,
      checks,
      source: location,
    },
    problems: [],
  };
}

/** ajv's compile errors say "strict mode: unknown keyword: \"typ\""; keep the words, drop the jargon. */
function plain(message: string): string {
  return message.replace(/^strict mode: /, '').replace(/ \(strictTypes\)$/, '');
}
