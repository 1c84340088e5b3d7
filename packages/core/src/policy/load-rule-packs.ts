import { join, relative } from 'node:path';
import { compareDiagnostics, type Diagnostic, type SourceLocation } from '../diagnostics.js';
import { rulesFromPrecompiled, type PrecompiledModuleLoader } from './precompiled-pack.js';
import type { Rule } from './rule.js';
import type { RuleCompiler } from './rule-compiler.js';
import { readRulePack, type RulePackFiles } from './rule-files.js';

/** Rules loaded from one or more packs, and every problem found in their files. */
export interface LoadedRules {
  rules: Rule[];
  diagnostics: Diagnostic[];
}

/** Options of {@link loadRulePacks}. */
export interface LoadRulePacksOptions {
  /**
   * Precompiled modules of packs atlas-cmk ships itself, by rules folder (the built-in pack). A pack not
   * listed here (every `--policy` pack) is read as YAML data only: nothing in it, and nothing it names, is
   * ever imported or run, whatever files it holds.
   */
  precompiled?: ReadonlyMap<string, PrecompiledModuleLoader>;
  /**
   * Rules folders of {@link precompiled} whose module the build already checked against the rule files it ships
   * with (the check bundle): their files are not read and hashed again at every start, the module's own hash is
   * taken. Only for a module and files that one build produced together.
   */
  verifiedAtBuild?: ReadonlySet<string>;
}

/**
 * Load every `*.yaml`/`*.yml` rule file of the given pack folders (one rule per YAML document), check each
 * against the rule format (ajv strict mode) and compile every condition once; regular expressions run on a
 * linear-time engine. A pack given a precompiled module in `options` whose module was built from exactly its
 * current rule files is loaded from it instead, without compiling. Problems come back as located diagnostics
 * (`policy/invalid-rule`, `policy/duplicate-rule`, `io/unreadable`), never as exceptions; a broken rule
 * is left out and the others still load. Paths in diagnostics are relative to the working directory.
 */
export async function loadRulePacks(dirs: readonly string[], options: LoadRulePacksOptions = {}): Promise<LoadedRules> {
  let compiler: Promise<RuleCompiler> | undefined;
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
  const firstSeen = new Map<string, SourceLocation>();
  const addRules = (loaded: readonly Rule[]): void => {
    for (const rule of loaded) {
      const earlier = firstSeen.get(rule.id);
      if (earlier === undefined) {
        firstSeen.set(rule.id, rule.source);
        rules.push(rule);
        continue;
      }
      const message = `rule id "${rule.id}" is already defined at ${earlier.file}:${earlier.line}:${earlier.column}; rename one of them (user packs use their own prefix)`;
      diagnostics.push({ code: 'policy/duplicate-rule', severity: 'error', message, ...rule.source });
    }
  };
  for (const dir of dirs) {
    const verified = options.verifiedAtBuild?.has(dir) === true ? options.precompiled?.get(dir) : undefined;
    if (verified) {
      const mod = await verified();
      const hash = (mod as { sourceHash?: unknown } | undefined)?.sourceHash;
      const fromBuild =
        typeof hash === 'string' ? rulesFromPrecompiled(mod, hash, (name) => display(join(dir, name))) : undefined;
      if (fromBuild) {
        addRules(fromBuild);
        continue;
      }
    }
    let pack: RulePackFiles;
    try {
      pack = readRulePack(dir);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      diagnostics.push({
        code: 'io/unreadable',
        severity: 'error',
        message: `cannot read the rule pack folder: ${reason}`,
        file: display(dir),
        line: 1,
        column: 1,
      });
      continue;
    }
    const precompiled = options.precompiled?.get(dir);
    let loaded = precompiled
      ? rulesFromPrecompiled(await precompiled(), pack.hash, (name) => display(join(dir, name)))
      : undefined;
    if (loaded === undefined) {
      // One compiler (one ajv instance) for every pack of this load: each validator is compiled once.
      // Imported on demand: a precompiled pack needs neither ajv nor the YAML parser.
      const { compileRuleFile, createRuleCompiler } = await import('./rule-compiler.js');
      compiler ??= createRuleCompiler();
      const ready = await compiler;
      loaded = pack.files.flatMap((file) => compileRuleFile(display(file.path), file.text, ready, diagnostics));
    }
    addRules(loaded);
  }
  return { rules, diagnostics: diagnostics.sort(compareDiagnostics) };
}

/** Show paths relative to the working directory when they are inside it, as users typed them. */
function display(path: string): string {
  const rel = relative(process.cwd(), path).split('\\').join('/');
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}
