import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { Severity } from '../diagnostics.js';
import type { Rule, RuleScope } from './rule.js';

/** Version of the generated module's shape; a module of another version is ignored. */
export const PRECOMPILED_FORMAT_VERSION = 1;

/** A rule as the generated module stores it: validators are indexes into its `validators` list. */
export interface SerializedRule {
  id: string;
  severity: Severity;
  description: string;
  docs: string;
  scope: RuleScope;
  waivable: boolean;
  forEach: string | null;
  when: number | null;
  checks: { severity: Severity; message: string; locate: string | null; when: number | null; assert: number }[];
  /** `file` is the rule file's name inside the pack's `rules/` folder. */
  source: { file: string; line: number; column: number };
}

/** Each entry builds one validator; it is given a `require` that resolves ajv's small runtime helpers. */
export type ValidatorFactory = (require: NodeJS.Require) => ValidateFunction;

interface PrecompiledModule {
  formatVersion: number;
  sourceHash: string;
  rules: SerializedRule[];
  validators: ValidatorFactory[];
}

/** Where a pack's precompiled module lives: `<pack>/generated/precompiled-rules.js` beside `<pack>/rules/`. */
export function precompiledModulePath(rulesDir: string): string {
  return join(rulesDir, '..', 'generated', 'precompiled-rules.js');
}

/**
 * Imports the precompiled module of a pack that atlas-cmk itself ships (the built-in pack, generated at build
 * time): our own code, imported through a specifier fixed in our own package, never through a path read
 * from a rule pack. Resolves to `undefined` when the module was not generated.
 */
export type PrecompiledModuleLoader = () => Promise<unknown>;

/**
 * The rules of a precompiled pack, given its already imported module, when the module was generated from
 * exactly these rule files (same hash); otherwise undefined, and the caller compiles the YAML at run time.
 * `locate` turns a rule file's name into the path shown in diagnostics.
 */
export function rulesFromPrecompiled(
  loaded: unknown,
  hash: string,
  locate: (fileName: string) => string,
): Rule[] | undefined {
  if (loaded === null || typeof loaded !== 'object') return undefined;
  const mod = loaded as Partial<PrecompiledModule>;
  const path = 'the precompiled built-in pack';
  if (mod.formatVersion !== PRECOMPILED_FORMAT_VERSION || mod.sourceHash !== hash) return undefined;
  if (!Array.isArray(mod.rules) || !Array.isArray(mod.validators)) return undefined;
  const require = createRequire(import.meta.url);
  const factories = mod.validators;
  // Each validator is built on its first call: a command runs only the rules of its scope (check never runs a
  // plan rule), so the others cost nothing but parsing the module.
  const validator = (index: number): ValidateFunction => {
    const factory = factories[index];
    if (factory === undefined) throw new Error(`${path} names validator ${index}, which it does not hold`);
    let built: ValidateFunction | undefined;
    const lazy = ((data: unknown) => {
      built ??= factory(require);
      const valid = built(data);
      lazy.errors = built.errors;
      return valid;
    }) as ValidateFunction;
    return lazy;
  };
  return mod.rules.map((r) => ({
    id: r.id,
    severity: r.severity,
    description: r.description,
    docs: r.docs,
    scope: r.scope,
    waivable: r.waivable,
    forEach: r.forEach ?? undefined,
    when: r.when === null ? true : validator(r.when),
    checks: r.checks.map((c) => ({
      severity: c.severity,
      message: c.message,
      locate: c.locate ?? undefined,
      when: c.when === null ? true : validator(c.when),
      assert: validator(c.assert),
    })),
    source: { file: locate(r.source.file), line: r.source.line, column: r.source.column },
  }));
}
