import { fileURLToPath } from 'node:url';

/** Absolute path of the folder that holds the built-in rule files. */
export const builtinRulesDir = fileURLToPath(new URL('./rules/', import.meta.url));
/** Absolute path of the folder that holds the fixtures of the built-in rules. */
export const builtinFixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** Absolute path of the built-in pack (rules/ and fixtures/ beneath it). */
export const builtinPackDir = fileURLToPath(new URL('./', import.meta.url));

/* global __ATLAS_CMK_PACK_VERIFIED_AT_BUILD__ */
/**
 * True in the check bundle only: its build checked that the precompiled module was generated from exactly the
 * rule files it ships beside it (the build defines the name), so a check need not read and hash them again.
 */
export const builtinPrecompiledVerified =
  typeof __ATLAS_CMK_PACK_VERIFIED_AT_BUILD__ !== 'undefined' && __ATLAS_CMK_PACK_VERIFIED_AT_BUILD__ === true;

/**
 * The built-in pack's precompiled rules, generated at build time by scripts/precompile.mjs: atlas-cmk's own
 * code, imported by a specifier fixed here. `undefined` when the module was not generated (the engine then
 * compiles the YAML). Only this pack is ever loaded this way; a user's pack is always read as data.
 */
export async function loadBuiltinPrecompiled() {
  try {
    // A URL beside this file (not a bundled specifier): the check bundle copies the module into its package layout.
    return await import(new URL('./generated/precompiled-rules.js', import.meta.url).href);
  } catch (error) {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
