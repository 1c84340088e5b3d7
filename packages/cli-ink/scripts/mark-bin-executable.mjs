// Build step of the atlas-cmk package: tsc writes dist/bin.js with its shebang but without the executable
// bit. Set it, so the built file runs as `./dist/bin.js` from a checkout; npm and pnpm set it again on install.
import { chmod, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});

for (const bin of bins) {
  const path = join(packageDir, bin);
  const text = await readFile(path, 'utf8');
  if (!text.startsWith('#!/usr/bin/env node\n')) {
    throw new Error(`${path} must start with "#!/usr/bin/env node" to run as a command`);
  }
  await chmod(path, 0o755);
}
