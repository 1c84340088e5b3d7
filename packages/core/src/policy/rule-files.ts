import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One rule file of a pack, as read from disk. */
export interface RuleFile {
  /** File name inside the pack folder (`cluster-min-tier.yaml`). */
  name: string;
  path: string;
  text: string;
}

/** The rule files of one pack folder and a hash of their names and contents. */
export interface RulePackFiles {
  files: RuleFile[];
  /** SHA-256 over every file name and text: a precompiled pack is used only when it was built from these. */
  hash: string;
}

/**
 * Read every `*.yaml`/`*.yml` file of a pack folder, sorted by name. Throws the `fs` error when the
 * folder cannot be read; callers turn that into a diagnostic. Synchronous on purpose: a pack is a few dozen
 * small files, read once at start-up, and a thread-pool round trip per file costs more than the read.
 */
export function readRulePack(dir: string): RulePackFiles {
  const names = readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort();
  const files = names.map((name) => ({ name, path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
  // Loaded on use: a command whose rules come from a pack its build verified never hashes, nor loads crypto.
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  for (const file of files) hash.update(`${file.name}\0${file.text}\0`);
  return { files, hash: hash.digest('hex') };
}
