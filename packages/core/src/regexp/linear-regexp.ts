import { createRequire } from 'node:module';
import type * as Re2js from 're2js';

/** re2js, loaded on the first pattern compiled: a check whose documents reach no pattern never loads it. */
function re2(): typeof Re2js.RE2JS {
  return (createRequire(import.meta.url)('re2js') as typeof Re2js).RE2JS;
}

/**
 * The engine as source text, for ajv's standalone (build-time) validators: the same RE2 engine, but re2js is
 * required and each pattern compiled on its first test, so loading a precompiled module (every `check`
 * start-up) compiles only the patterns a document reaches. Its patterns were compiled by {@link linearRegExp}
 * when the module was generated, so a pattern RE2 refuses never gets that far. `require` is the one in scope
 * where ajv puts the code (the module's, or the precompiled pack's factory argument). Kept in step with
 * scripts/generate-validator.mjs.
 */
export const LINEAR_REGEXP_CODE =
  '((p) => { let r; return { test: (s) => (r ??= require("re2js").RE2JS.compile(require("re2js").RE2JS.translateRegExp(p))).test(s) }; })';

/** What ajv needs of a compiled pattern. */
export interface RegExpLike {
  test(input: string): boolean;
}

/**
 * The regular-expression engine ajv uses for `pattern`, `patternProperties` and `$data` patterns (its
 * `code.regExp` option): RE2 semantics through `re2js`, a pure-JavaScript port of RE2 whose matching time is
 * linear in the input, so no pattern (from a rule pack, or taken from a desired-state file through `$data`)
 * can make a check backtrack for seconds. JSON Schema patterns are unanchored ECMA-262 syntax: RE2 accepts
 * it except backreferences and lookaround, which are refused with a sentence when the schema compiles.
 * `code` is the same engine as an expression, for ajv's standalone (precompiled) validators.
 */
export const linearRegExp = Object.assign(
  (pattern: string): RegExpLike => {
    try {
      const RE2JS = re2();
      return RE2JS.compile(RE2JS.translateRegExp(pattern));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `the regular expression ${JSON.stringify(pattern)} is not supported by the linear-time engine (RE2: no backreferences or lookaround): ${reason}`,
        { cause: error },
      );
    }
  },
  { code: LINEAR_REGEXP_CODE },
);

/** An ajv `code.regExp` engine: compiles a pattern, and says itself as source text for standalone code. */
export type RegExpEngine = ((pattern: string, flags?: string) => RegExpLike) & { code: string };

/**
 * A recording {@link linearRegExp}: every pattern ajv compiles while schemas are compiled (the literal patterns
 * written in them; `$data` patterns are compiled only while validating) is added to `seen`.
 */
export function recordingRegExp(seen: Set<string>): RegExpEngine {
  return Object.assign(
    (pattern: string): RegExpLike => {
      seen.add(pattern);
      return linearRegExp(pattern);
    },
    { code: LINEAR_REGEXP_CODE },
  );
}

/**
 * The engine of atlas-cmk's own build-time validators (the built-in rule pack): the literal patterns written in
 * its rules (`fixed`, atlas-cmk's own code, reviewed like any regular expression in its sources) run on V8's
 * engine, which costs nothing at start-up; any other pattern (one taken from the checked file through `$data`)
 * runs on RE2, loaded on first use. Every fixed pattern was also compiled by RE2 when the module was built.
 */
export function builtInRegExp(fixed: ReadonlySet<string>): RegExpEngine {
  const known = JSON.stringify([...fixed].sort());
  return Object.assign(
    (pattern: string, flags = 'u'): RegExpLike =>
      fixed.has(pattern) ? new RegExp(pattern, flags) : linearRegExp(pattern),
    {
      code: `((known) => (p, u) => known.has(p) ? new RegExp(p, u) : ${LINEAR_REGEXP_CODE}(p))(new Set(${known}))`,
    },
  );
}
