// Part of the single-file check bundle (see bundle-check.mjs): the value third-party ES modules get for
// `import.meta.url` once they are bundled into one CommonJS file, the bundle's own URL.
// eslint-disable-next-line no-undef, @typescript-eslint/no-require-imports -- CommonJS bundle
export const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;
