#!/usr/bin/env node
// Builds the single-file check bundle: `atlas-cmk check` (the pre-commit hook, run on every commit) starts by
// reading one file instead of resolving a tree of a few hundred modules.
//
//   node packages/cli-ink/scripts/bundle-check.mjs [OUT_DIR]     (default packages/cli-ink/dist/check)
//
// OUT_DIR/atlas-cmk-check.cjs holds check-main.ts and everything it imports, from the workspace sources (the
// `source` export condition) and third-party packages, with the generated desired-state validator and the
// precompiled built-in pack. Modules that find data files through `import.meta.url` get the URL they would have in
// the package layout, and the data files are copied there: OUT_DIR/core/schema, policies/rules and
// cli-ink/package.json. OUT_DIR/bin.cjs runs it through OUT_DIR/load-check.cjs, which gives V8 a code cache of it
// (made here by one check of the example), so start-up neither resolves modules nor compiles the bundle.
// OUT_DIR/THIRD-PARTY-NOTICES.md carries the licence of every bundled package.
// Nothing else is read at run time, so the folder works on its own (the pre-commit hook installs only it).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(cliDir, '../..');
const out = resolve(process.argv[2] ?? join(cliDir, 'dist/check'));
const runtime = join(cliDir, 'scripts/bundle-runtime.js');

/** Workspace package folders and the name of their copy in the bundle's package layout. */
const packages = [
  [join(repo, 'packages/core'), 'core'],
  [join(repo, 'packages/planner'), 'planner'],
  [join(repo, 'packages/runner'), 'runner'],
  [join(repo, 'packages/cli-ink'), 'cli-ink'],
  [join(repo, 'policies'), 'policies'],
];

/** Where a workspace source file sits in the package layout: src/x.ts becomes dist/x.js, as the build makes it. */
function layoutPath(file) {
  for (const [dir, name] of packages) {
    if (!file.startsWith(dir + sep)) continue;
    const inside = relative(dir, file).split(sep).join('/');
    if (inside.startsWith('node_modules/')) return undefined;
    return `./${name}/${inside.replace(/^src\//, 'dist/').replace(/\.tsx?$/, '.js')}`;
  }
  return undefined;
}

/**
 * Modules the bundle carries instead of loading them through a URL at run time: the standalone desired-state
 * validator and the precompiled built-in pack, both generated at build time. Each source names the module it
 * imports by a computed URL (so the module tree works before a build); here that import becomes a static
 * `require` the bundler follows. A source that no longer has the expected import is a build error, not a bundle
 * that silently loads from elsewhere.
 */
const inlined = [
  {
    file: join(repo, 'packages/core/src/load/validator.ts'),
    pattern: /await import\(url\.href\)/,
    module: join(repo, 'packages/core/generated/validate-desired-state.js'),
  },
  {
    file: join(repo, 'policies/index.js'),
    pattern: /await import\(new URL\('\.\/generated\/precompiled-rules\.js', import\.meta\.url\)\.href\)/,
    module: join(repo, 'policies/generated/precompiled-rules.js'),
  },
];

const layoutPlugin = {
  name: 'package-layout',
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx|js|mjs)$/ }, (args) => {
      if (args.path === runtime) return undefined;
      const at = layoutPath(args.path);
      if (at === undefined) return undefined;
      let text = readFileSync(args.path, 'utf8');
      for (const { file, pattern, module } of inlined) {
        if (args.path !== file) continue;
        if (!pattern.test(text)) throw new Error(`${file} no longer imports ${module} as the check bundle expects`);
        text = text.replace(pattern, `require(${JSON.stringify(module)})`);
      }
      if (!text.includes('import.meta.url') && !inlined.some((i) => i.file === args.path)) return undefined;
      const contents =
        `import { bundleRequire as __bundleRequire, mirrorUrl as __mirrorUrl } from ${JSON.stringify(runtime)};\n` +
        text
          .replace(/createRequire\(\s*import\.meta\.url\s*\)/g, '__bundleRequire')
          .replace(/import\.meta\.url/g, `__mirrorUrl(${JSON.stringify(at)})`);
      return { contents, loader: args.path.endsWith('.tsx') ? 'tsx' : args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

/** Workspace packages by name, to their sources: the bundle builds where no workspace links exist (npm). */
const alias = {
  '@atlas-cmk/core': join(repo, 'packages/core/src/index.ts'),
  '@atlas-cmk/planner': join(repo, 'packages/planner/src/index.ts'),
  '@atlas-cmk/runner': join(repo, 'packages/runner/src/index.ts'),
  '@atlas-cmk/policies': join(repo, 'policies/index.js'),
};

/** For build-time scripts run from a temporary bundle: `import.meta.url` keeps each module's real location. */
const realLocationPlugin = {
  name: 'real-location',
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx|js|mjs)$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const contents = text.replace(/import\.meta\.url/g, JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader: args.path.endsWith('.tsx') ? 'tsx' : args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  alias,
  minify: process.env.ATLAS_CMK_BUNDLE_MINIFY !== '0',
  legalComments: 'none',
  metafile: true,
  absWorkingDir: repo,
  logLevel: 'warning',
  // Loaded at run time beside the bundle (see bundle-runtime.js).
  external: ['./vendor/*'],
  // Third-party ES modules that ask for `import.meta.url` (fdir's optional `require`) get the bundle's own URL;
  // the workspace's modules get their package-layout URL from the layout plugin first.
  define: { 'import.meta.url': '__bundleFileUrl' },
  inject: [join(cliDir, 'scripts/bundle-import-meta-url.js')],
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// The standalone desired-state validator: made by the core build; made here from the schema when that has not run.
if (!existsSync(join(repo, 'packages/core/generated/validate-desired-state.js'))) {
  execFileSync(process.execPath, [join(repo, 'packages/core/scripts/generate-validator.mjs')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
// The precompiled built-in pack: made by the policies build; made here from sources when that has not run.
if (!existsSync(join(repo, 'policies/generated/precompiled-rules.js'))) {
  const tmp = mkdtempSync(join(tmpdir(), 'atlas-cmk-precompile-'));
  await build({
    ...common,
    format: 'esm',
    minify: false,
    metafile: false,
    plugins: [realLocationPlugin],
    external: [],
    // An ES module of its own, run where it is: `import.meta.url` stays what it is.
    define: {},
    inject: [],
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
    entryPoints: [join(repo, 'policies/scripts/precompile.mjs')],
    outfile: join(tmp, 'precompile.mjs'),
  });
  execFileSync(process.execPath, [join(tmp, 'precompile.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(tmp, { recursive: true, force: true });
}

// The bundle carries the precompiled pack and the rule files it was generated from (copied below); it tells the
// engine so, which then neither reads nor hashes the rule files at every start. Checked here: a module generated
// from other files would otherwise go unnoticed. The hash is core's `readRulePack` hash (policy/rule-files.ts),
// computed again because this script also runs where core is not built (the hook's npm install).
const rulesDir = join(repo, 'policies/rules');
const ruleHash = createHash('sha256');
for (const name of readdirSync(rulesDir)
  .filter((n) => /\.ya?ml$/.test(n))
  .sort())
  ruleHash.update(`${name}\0${readFileSync(join(rulesDir, name), 'utf8')}\0`);
const precompiledText = readFileSync(join(repo, 'policies/generated/precompiled-rules.js'), 'utf8');
const recorded = /sourceHash\W+([0-9a-f]{64})/.exec(precompiledText)?.[1];
if (recorded !== ruleHash.digest('hex')) {
  throw new Error('policies/generated/precompiled-rules.js was not generated from policies/rules: run `pnpm build`');
}

// One CommonJS file: check-main.ts and everything it imports, the generated validator and the precompiled pack
// included. Node starts it through load-check.cjs, which hands V8 a code cache of it (see there). Code a clean
// check never runs (the rule compiler and ajv, for user packs) is in the file but compiled only if called; the
// YAML parser with positions (vendor/yaml.cjs) and the RE2 engine (vendor/re2js.cjs) are files of their own,
// required on first use through bundle-runtime.js.
const main = await build({
  ...common,
  plugins: [layoutPlugin],
  define: { ...common.define, __ATLAS_CMK_PACK_VERIFIED_AT_BUILD__: 'true' },
  entryPoints: { 'atlas-cmk-check': join(cliDir, 'src/check-bundle.ts') },
  outdir: out,
  outExtension: { '.js': '.cjs' },
});
const yaml = await build({
  ...common,
  stdin: { contents: 'module.exports = require("yaml");', resolveDir: cliDir },
  outfile: join(out, 'vendor/yaml.cjs'),
});
const re2js = await build({
  ...common,
  stdin: { contents: 'module.exports = require("re2js");', resolveDir: cliDir },
  outfile: join(out, 'vendor/re2js.cjs'),
});

const copy = (from, to) => cpSync(join(repo, from), join(out, to), { recursive: true });
copy('packages/core/schema', 'core/schema');
copy('policies/rules', 'policies/rules');
copy('packages/cli-ink/scripts/load-check.cjs', 'load-check.cjs');
const { name, version } = JSON.parse(readFileSync(join(cliDir, 'package.json'), 'utf8'));
mkdirSync(join(out, 'cli-ink'), { recursive: true });
writeFileSync(join(out, 'cli-ink/package.json'), `${JSON.stringify({ name, version }, null, 2)}\n`);

// The command itself, for installs of this folder alone (the pre-commit hook).
writeFileSync(
  join(out, 'bin.cjs'),
  `#!/usr/bin/env node
'use strict';
require('./load-check.cjs').runCheckProcess();
`,
  { mode: 0o755 },
);
// Node looks up the nearest package.json for a file's module type; one here ends the search at once.
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'commonjs', private: true }, null, 2)}\n`);
writeFileSync(join(out, 'THIRD-PARTY-NOTICES.md'), notices([main.metafile, yaml.metafile, re2js.metafile]));

// The code cache for this Node.js, made by one check of the example: the first hook run starts warm. Another
// Node.js version rejects it and the first check there writes its own (load-check.cjs).
const example = join(repo, 'examples/payments-prod.yaml');
if (existsSync(example)) {
  execFileSync(process.execPath, [join(out, 'bin.cjs'), 'check', example], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NO_COLOR: '1' },
  });
}
console.log(`bundled atlas-cmk check into ${relative(process.cwd(), join(out, 'atlas-cmk-check.cjs'))}`);

/** The licence text of every third-party package whose code is in the bundle. */
function notices(metafiles) {
  const dirs = new Set();
  for (const meta of metafiles) {
    for (const input of Object.keys(meta.inputs)) {
      const abs = resolve(repo, input);
      const match = /^(.*node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(abs);
      if (match) dirs.add(match[1]);
    }
  }
  const sections = [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
      const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${pkg.license ?? 'see package'}`;
      return { id: `${pkg.name}@${pkg.version}`, text };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  const unique = sections.filter((s, i) => i === 0 || s.id !== sections[i - 1].id);
  return `# Third-party software in this bundle\n\n${unique.map((s) => `## ${s.id}\n\n${s.text}\n`).join('\n')}\n`;
}
