import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

/** The `yaml` package: the parser that gives every node its source position. */
export type YamlModule = typeof Yaml;

/**
 * Loads the `yaml` package on first use, synchronously. Files that pass the fast path never need it,
 * so `check` of clean files does not pay for loading it; a document's `locate` may need it later, and
 * `locate` is synchronous, hence `require` rather than `import()`. Node caches the module.
 */
export function loadYamlModule(): YamlModule {
  return createRequire(import.meta.url)('yaml') as YamlModule;
}
