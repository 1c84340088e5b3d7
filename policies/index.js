import { fileURLToPath } from 'node:url';

/** Absolute path of the folder that holds the built-in rule files. */
export const builtinRulesDir = fileURLToPath(new URL('./rules/', import.meta.url));
/** Absolute path of the folder that holds the fixtures of the built-in rules. */
export const builtinFixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** Absolute path of the built-in pack (rules/ and fixtures/ beneath it). */
export const builtinPackDir = fileURLToPath(new URL('./', import.meta.url));
