import { RE2JS } from 're2js';

/**
 * The engine as source text: standalone validators `require` re2js from @atlas-cmk/core's own dependencies.
 * Kept in step with {@link linearRegExp} and with scripts/generate-validator.mjs (a failed compile there
 * throws re2js's own message).
 */
export const LINEAR_REGEXP_CODE = '((R) => (p) => R.compile(R.translateRegExp(p)))(require("re2js").RE2JS)';

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
