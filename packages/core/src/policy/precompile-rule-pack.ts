import { basename } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics.js';
import { PRECOMPILED_FORMAT_VERSION, type SerializedRule } from './precompiled-pack.js';
import type { Rule } from './rule.js';
import { readRulePack } from './rule-files.js';

/** The generated module's text, or the problems that stopped the pack from compiling. */
export type PrecompileResult = { ok: true; code: string; rules: number } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Compile a pack's rules (exactly as {@link loadRulePacks} does) and generate an ES module holding their
 * metadata and their ajv validators as standalone code. Only for atlas-cmk's own built-in pack: the literal
 * patterns of its rules run on V8's engine in the module, patterns taken from data (`$data`) on RE2. The engine loads that module instead of
 * compiling when its hash matches the rule files, which keeps `check` start-up fast. A pack with any
 * invalid rule is not precompiled.
 */
export async function precompileRulePack(rulesDir: string): Promise<PrecompileResult> {
  const pack = readRulePack(rulesDir);
  const { compileRuleFile, createRuleCompiler } = await import('./rule-compiler.js');
  const { builtInRegExp, recordingRegExp } = await import('../regexp/linear-regexp.js');
  // First pass: the literal patterns the rules are written with (each compiled by RE2, so one RE2 refuses fails
  // here). The module then runs those on V8's engine and anything else (a $data pattern) on RE2.
  const fixed = new Set<string>();
  const recorder = await createRuleCompiler({ regExp: recordingRegExp(fixed) });
  const firstPass: Diagnostic[] = [];
  for (const file of pack.files) compileRuleFile(file.path, file.text, recorder, firstPass);
  if (firstPass.length > 0) return { ok: false, diagnostics: firstPass };
  const compiler = await createRuleCompiler({ source: true, regExp: builtInRegExp(fixed) });
  const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
  const diagnostics: Diagnostic[] = [];
  const compiled: { rule: Rule; file: string }[] = [];
  for (const file of pack.files) {
    for (const rule of compileRuleFile(file.path, file.text, compiler, diagnostics))
      compiled.push({ rule, file: file.name });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const validators: string[] = [];
  const add = (fn: ValidateFunction): number => {
    // CommonJS standalone code, wrapped in a factory: ajv's runtime helpers are required through the engine.
    const body = standaloneCode(compiler.conditions, fn);
    validators.push(
      `(require) => {\nconst module = { exports: {} };\nconst exports = module.exports;\n${body}\nreturn module.exports;\n}`,
    );
    return validators.length - 1;
  };
  const rules: SerializedRule[] = compiled.map(({ rule, file }) => ({
    id: rule.id,
    severity: rule.severity,
    description: rule.description,
    docs: rule.docs,
    scope: rule.scope,
    waivable: rule.waivable,
    forEach: rule.forEach ?? null,
    when: rule.when === true ? null : add(rule.when),
    checks: rule.checks.map((c) => ({
      severity: c.severity,
      message: c.message,
      locate: c.locate ?? null,
      when: c.when === true ? null : add(c.when),
      assert: add(c.assert),
    })),
    source: { file: basename(file), line: rule.source.line, column: rule.source.column },
  }));
  const code = [
    '// Generated from the rule files beside this folder by precompileRulePack; rebuilt by the build. Do not edit.',
    `export const formatVersion = ${PRECOMPILED_FORMAT_VERSION};`,
    `export const sourceHash = ${JSON.stringify(pack.hash)};`,
    `export const rules = ${JSON.stringify(rules, null, 2)};`,
    `export const validators = [\n${validators.join(',\n')}\n];`,
    '',
  ].join('\n');
  return { ok: true, code, rules: rules.length };
}
