// Part of the single-file check bundle (see bundle-check.mjs), never of the module tree.
//
// A bundler cannot follow `createRequire(import.meta.url)(id)`: the bundle routes those calls here, to the
// modules it carries. And the modules that find data files through `import.meta.url` are given the URL they would
// have in the package layout that the bundle copies beside itself (core/schema, policies/rules, …).

/* eslint-disable no-undef, @typescript-eslint/no-require-imports -- the bundler resolves these `require`s */
const carried = {
  // The YAML parser with positions is needed only for a file with something to report: a file of its own,
  // read on first use.
  yaml: () => require('./vendor/yaml.cjs'),
  'ajv/dist/runtime/equal': () => require('ajv/dist/runtime/equal'),
  'ajv/dist/runtime/parseJson': () => require('ajv/dist/runtime/parseJson'),
  'ajv/dist/runtime/quote': () => require('ajv/dist/runtime/quote'),
  'ajv/dist/runtime/timestamp': () => require('ajv/dist/runtime/timestamp'),
  'ajv/dist/runtime/ucs2length': () => require('ajv/dist/runtime/ucs2length'),
  'ajv/dist/runtime/uri': () => require('ajv/dist/runtime/uri'),
  'ajv/dist/runtime/validation_error': () => require('ajv/dist/runtime/validation_error'),
  // The linear-time regular-expression engine of the standalone validators (core's linear-regexp.ts): a file of
  // its own, required on the first pattern a document reaches.
  re2js: () => require('./vendor/re2js.cjs'),
};
/* eslint-enable no-undef, @typescript-eslint/no-require-imports */

/** `require` for the modules the bundle carries; any other id is a build mistake, said plainly. */
export function bundleRequire(id) {
  const load = carried[id.replace(/\.js$/, '')];
  if (load === undefined) throw new Error(`the atlas-cmk check bundle does not carry the module "${id}"`);
  return load();
}

/** The URL a module at `path` (package layout, relative to the bundle) would have. */
export function mirrorUrl(path) {
  // The bundle is one CommonJS file: `__filename` is the bundle's own path.
  // eslint-disable-next-line no-undef, @typescript-eslint/no-require-imports -- CommonJS bundle
  return new URL(path, require('node:url').pathToFileURL(__filename)).href;
}
