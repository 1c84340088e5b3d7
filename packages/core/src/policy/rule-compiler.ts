import type { Ajv, ValidateFunction } from 'ajv';
import type { RegExpEngine } from '../regexp/linear-regexp.js';
import type { Document, LineCounter } from 'yaml';
import type { Diagnostic, SourceLocation } from '../diagnostics.js';
import { loadYamlModule } from '../load/yaml-module.js';
import { compileRule, type RuleSource } from './compile-rule.js';
import type { Rule } from './rule.js';
import { compileRuleFormat, describeRuleFormatErrors } from './rule-format.js';
import { instancePathSegments, locateInYaml, locateOffset } from './yaml-locate.js';

/** The two ajv instances a rule load needs: the rule-format validator and one shared for every condition. */
export interface RuleCompiler {
  format: ValidateFunction;
  conditions: Ajv;
}

/**
 * Create the compiler. ajv (and the RE2 engine) are imported here, lazily, so that loading a precompiled pack never pays for it.
 * `source: true` keeps each validator's generated code, for precompilation.
 */
export async function createRuleCompiler(
  options: { source?: boolean; regExp?: RegExpEngine } = {},
): Promise<RuleCompiler> {
  // Both are CommonJS, so only `default` (their `module.exports`) is there in Node and in the check bundle alike:
  // named exports of a CommonJS module exist in Node only.
  const [{ default: Ajv }, { default: addFormats }, { linearRegExp }] = await Promise.all([
    import('ajv'),
    import('ajv-formats'),
    import('../regexp/linear-regexp.js'),
  ]);
  const conditions = new Ajv({
    $data: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    // Every pattern (written in the rule, or taken from the checked file with $data) runs on RE2: linear time.
    code: { source: options.source === true, regExp: options.regExp ?? linearRegExp },
  });
  // Standard formats (date, uuid, uri, …) for user rules; an unknown format is refused by strict mode.
  addFormats.default(conditions);
  return { format: compileRuleFormat(Ajv), conditions };
}

/**
 * Parse, check and compile the rules of one file (one rule per YAML document). Problems are pushed to
 * `out` as located `policy/invalid-rule` diagnostics; a broken rule is left out.
 */
export function compileRuleFile(file: string, text: string, compiler: RuleCompiler, out: Diagnostic[]): Rule[] {
  // Loaded here, not imported: a check with the precompiled built-in pack alone never compiles a rule file.
  const { LineCounter, parseAllDocuments } = loadYamlModule();
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, logLevel: 'error' });
  if (!Array.isArray(docs)) return [];
  const rules: Rule[] = [];
  for (const doc of docs) {
    // The first syntax error of a document is the one to fix; the others usually follow from it.
    const syntax = doc.errors[0];
    if (syntax !== undefined) {
      const at = locateOffset(file, lineCounter, syntax.pos[0]);
      out.push(invalid(at, `the rule file is not valid YAML: ${syntax.message.split('\n')[0] ?? ''}`));
      continue;
    }
    if (doc.contents === null) continue;
    const rule = compileRuleDocument(file, doc, lineCounter, compiler, out);
    if (rule !== undefined) rules.push(rule);
  }
  return rules;
}

function compileRuleDocument(
  file: string,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  compiler: RuleCompiler,
  out: Diagnostic[],
): Rule | undefined {
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // An alias whose anchor is missing, or too many alias expansions: the document parses but has no value.
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    out.push(invalid(locateOffset(file, lineCounter, doc.range[0]), `the rule file cannot be loaded: ${reason}`));
    return undefined;
  }
  const at = (path: readonly (string | number)[]) => locateInYaml(file, doc, lineCounter, path);
  const id = (value as { id?: unknown } | null)?.id;
  const label = typeof id === 'string' ? `rule ${id}: ` : '';
  if (!compiler.format(value)) {
    for (const p of describeRuleFormatErrors(compiler.format.errors ?? [])) {
      out.push(invalid(at(instancePathSegments(p.path)), `${label}${p.message}`));
    }
    return undefined;
  }
  const compiled = compileRule(value as RuleSource, compiler.conditions, at(['id']));
  for (const p of compiled.problems) out.push(invalid(at(p.path), `${label}${p.message}`));
  return compiled.rule;
}

function invalid(location: SourceLocation, message: string): Diagnostic {
  return { code: 'policy/invalid-rule', severity: 'error', message, ...location };
}
