import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { compareDiagnostics, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { compileRule, type RuleSource } from './compile-rule.js';
import type { Rule } from './rule.js';
import { compileRuleFormat, describeRuleFormatErrors } from './rule-format.js';
import { instancePathSegments, locateInYaml, locateOffset } from './yaml-locate.js';

/** Rules loaded from one or more packs, and every problem found in their files. */
export interface LoadedRules {
  rules: Rule[];
  diagnostics: Diagnostic[];
}

/**
 * Load every `*.yaml`/`*.yml` rule file of the given pack folders (one rule per YAML document), check each
 * against the rule format (ajv strict mode), refuse catastrophic regular expressions, and compile every
 * condition once. Problems come back as located diagnostics (`policy/invalid-rule`,
 * `policy/duplicate-rule`, `io/unreadable`), never as exceptions; a broken rule is left out and the others
 * still load. Paths in diagnostics are relative to the working directory.
 */
export async function loadRulePacks(dirs: readonly string[]): Promise<LoadedRules> {
  const format = compileRuleFormat();
  // One instance for every condition of every pack: each validator is compiled exactly once.
  const conditions = new Ajv({
    $data: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  });
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
  const firstSeen = new Map<string, SourceLocation>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch (error) {
      diagnostics.push(
        problem(
          'io/unreadable',
          { file: display(dir), line: 1, column: 1 },
          `cannot read the rule pack folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        ),
      );
      continue;
    }
    for (const name of names) {
      const file = display(join(dir, name));
      const text = await readFile(join(dir, name), 'utf8');
      for (const loaded of loadRuleFile(file, text, format, conditions, diagnostics)) {
        const earlier = firstSeen.get(loaded.id);
        if (earlier !== undefined) {
          diagnostics.push(
            problem(
              'policy/duplicate-rule',
              loaded.source,
              `rule id "${loaded.id}" is already defined at ${earlier.file}:${earlier.line}:${earlier.column}; rename one of them (user packs use their own prefix)`,
            ),
          );
          continue;
        }
        firstSeen.set(loaded.id, loaded.source);
        rules.push(loaded);
      }
    }
  }
  return { rules, diagnostics: diagnostics.sort(compareDiagnostics) };
}

function loadRuleFile(
  file: string,
  text: string,
  format: ValidateFunction,
  conditions: Ajv,
  out: Diagnostic[],
): Rule[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const rules: Rule[] = [];
  for (const doc of docs) {
    // The first syntax error of a document is the one to fix; the others usually follow from it.
    const syntax = doc.errors[0];
    if (syntax !== undefined) {
      const at = locateOffset(file, lineCounter, syntax.pos[0]);
      out.push(
        problem('policy/invalid-rule', at, `the rule file is not valid YAML: ${syntax.message.split('\n')[0] ?? ''}`),
      );
      continue;
    }
    if (doc.contents === null) continue;
    const rule = loadRuleDocument(file, doc, lineCounter, format, conditions, out);
    if (rule !== undefined) rules.push(rule);
  }
  return rules;
}

function loadRuleDocument(
  file: string,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  format: ValidateFunction,
  conditions: Ajv,
  out: Diagnostic[],
): Rule | undefined {
  const value: unknown = doc.toJS();
  const at = (path: readonly (string | number)[]) => locateInYaml(file, doc, lineCounter, path);
  const label =
    typeof (value as { id?: unknown } | null)?.id === 'string' ? `rule ${(value as { id: string }).id}: ` : '';
  if (!format(value)) {
    for (const p of describeRuleFormatErrors(format.errors ?? [])) {
      out.push(problem('policy/invalid-rule', at(instancePathSegments(p.path)), `${label}${p.message}`));
    }
    return undefined;
  }
  const source = value as RuleSource;
  const compiled = compileRule(source, conditions, at(['id']));
  for (const p of compiled.problems) out.push(problem('policy/invalid-rule', at(p.path), `${label}${p.message}`));
  return compiled.rule;
}

function problem(code: Diagnostic['code'], location: SourceLocation, message: string): Diagnostic {
  return { code, severity: 'error', message, ...location };
}

/** Show paths relative to the working directory when they are inside it, as users typed them. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}
