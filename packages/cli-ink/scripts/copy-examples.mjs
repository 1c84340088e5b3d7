// Build step of the atlas-cmk package: copy the repository's example desired-state files and the simulator's
// example world (examples/*.yaml) into examples/ next to dist/, so the published package carries them and
// `atlas-cmk sim` and `atlas-cmk demo` find them after `npm install` (see src/bundled-examples.ts).
// The folder is rebuilt from scratch every time, so an example removed from the repository leaves no copy.
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(packageDir, '..', '..', 'examples');
const targetDir = join(packageDir, 'examples');

let names;
try {
  names = (await readdir(sourceDir)).filter((name) => name.endsWith('.yaml')).sort();
} catch (error) {
  throw new Error(`cannot read the repository's examples folder ${sourceDir}`, { cause: error });
}
// The simulator commands need the example world; a package without it would only fail after install.
if (!names.includes('sim-fixture.yaml')) {
  throw new Error(`${sourceDir} holds no sim-fixture.yaml, which atlas-cmk sim and demo start from`);
}

await rm(targetDir, { recursive: true, force: true });
await mkdir(targetDir, { recursive: true });
await Promise.all(names.map((name) => copyFile(join(sourceDir, name), join(targetDir, name))));
console.log(`copied ${names.length} examples into ${targetDir}`);
