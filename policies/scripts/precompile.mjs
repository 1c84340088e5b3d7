// Build step of the built-in pack: compile every rule's conditions once, now, into generated/ so that
// `atlas-cmk check` loads them without compiling. The engine ignores the module when the rule files
// changed since, and compiles at run time instead.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { precompileRulePack, precompiledModulePath } from '@atlas-cmk/core';
import { builtinRulesDir } from '../index.js';

const result = await precompileRulePack(builtinRulesDir);
if (result.ok) {
  const out = precompiledModulePath(builtinRulesDir);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, result.code);
  console.log(`precompiled ${result.rules} rules into ${out}`);
} else {
  for (const d of result.diagnostics) console.error(`${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
  process.exitCode = 1;
}
