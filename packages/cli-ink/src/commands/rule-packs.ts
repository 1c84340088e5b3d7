import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { LoadRulePacksOptions } from '@atlas-cmk/core';
import { builtinPrecompiledVerified, builtinRulesDir, loadBuiltinPrecompiled } from '@atlas-cmk/policies';
import { UsageError } from '../cli-io.js';

/**
 * The rule folders a command evaluates: the built-in pack first, then every `--policy DIR` in the order given.
 * A user pack may be a folder of rule files or a pack folder holding `rules/` (and `fixtures/`).
 */
export function ruleDirs(userDirs: readonly string[], cwd: string): string[] {
  const dirs = [builtinRulesDir];
  for (const dir of userDirs) {
    const abs = isAbsolute(dir) ? dir : resolve(cwd, dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      throw new UsageError(
        `--policy ${dir}: no such folder.`,
        'Give a folder of rule YAML files (or a pack folder with rules/).',
      );
    }
    const nested = join(abs, 'rules');
    dirs.push(existsSync(nested) && statSync(nested).isDirectory() ? nested : abs);
  }
  return dirs;
}

/**
 * How rule packs load: only the built-in pack, which ships with atlas-cmk, may use its build-time precompiled
 * module; every `--policy` pack is read as YAML data, and nothing it holds or names is run.
 */
export function rulePackOptions(): LoadRulePacksOptions {
  return {
    precompiled: new Map([[builtinRulesDir, loadBuiltinPrecompiled]]),
    ...(builtinPrecompiledVerified ? { verifiedAtBuild: new Set([builtinRulesDir]) } : {}),
  };
}
