import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { loaderDiagnostic } from './loader-diagnostic.js';
import { describeIoError } from './read-source.js';

/** A file to load: the path shown in diagnostics (as the user gave it) and the path to read. */
export interface SourceFile {
  shownAs: string;
  absolutePath: string;
  /**
   * True when the user named the file itself; false when a folder walk or a glob found it. Only found
   * files may hold other tools' YAML, which is then skipped rather than reported as an error.
   */
  named: boolean;
}

/** The files the paths name, and the paths that named nothing usable. */
export interface ExpandedPaths {
  /** Sorted by `shownAs`; one entry per distinct file even when several paths name it. */
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

const YAML_FILE = /\.ya?ml$/i;

/**
 * Turns the command-line paths into the files to load. A file is taken as given (whatever its
 * extension); a folder contributes its `*.yaml`/`*.yml` files recursively, skipping `node_modules`
 * and hidden files and folders; anything else that looks like a glob is matched with tinyglobby
 * (YAML files only). A folder or glob that matches nothing is an `io/no-files` diagnostic; a plain
 * path that does not exist is `io/unreadable`. The file system is read synchronously, as files are
 * (read-source.ts): a thread-pool round trip per entry costs more than the call itself.
 */
export async function expandPaths(paths: readonly string[], cwd: string): Promise<ExpandedPaths> {
  const found = await Promise.all(paths.map((path) => expandOne(path, cwd)));
  const byAbsolute = new Map<string, SourceFile>();
  for (const file of found.flatMap((entry) => entry.files)) {
    const seen = byAbsolute.get(file.absolutePath);
    // A file found by a scan and also named directly counts as named.
    if (!seen) byAbsolute.set(file.absolutePath, file);
    else if (file.named && !seen.named) byAbsolute.set(file.absolutePath, { ...seen, named: true });
  }
  const files = [...byAbsolute.values()].sort((a, b) => (a.shownAs < b.shownAs ? -1 : a.shownAs > b.shownAs ? 1 : 0));
  return { files, diagnostics: found.flatMap((entry) => entry.diagnostics) };
}

async function expandOne(path: string, cwd: string): Promise<ExpandedPaths> {
  const absolutePath = resolve(cwd, path);
  let stats: Stats;
  try {
    stats = statSync(absolutePath);
  } catch (error) {
    const { isDynamicPattern } = await import('tinyglobby');
    if (isDynamicPattern(path)) return expandGlob(path, cwd);
    return failure(
      loaderDiagnostic({ code: 'io/unreadable', severity: 'error', message: describeIoError(error, path) }, path),
    );
  }
  if (stats.isFile()) return { files: [{ shownAs: path, absolutePath, named: true }], diagnostics: [] };
  if (!stats.isDirectory()) {
    return failure(
      loaderDiagnostic({ code: 'io/unreadable', severity: 'error', message: `${path} is not a regular file` }, path),
    );
  }
  const files = walkFolder(absolutePath, path);
  if (files.length === 0) {
    return failure(noFiles(path, `the folder ${path} contains no YAML file (*.yaml, *.yml)`));
  }
  return { files, diagnostics: [] };
}

async function expandGlob(pattern: string, cwd: string): Promise<ExpandedPaths> {
  const { glob } = await import('tinyglobby');
  const matches = await glob(pattern, {
    cwd,
    absolute: isAbsolute(pattern),
    onlyFiles: true,
    expandDirectories: false,
    ignore: ['**/node_modules/**'],
  });
  const files = matches
    .filter((match) => YAML_FILE.test(match))
    .map((match) => ({ shownAs: match, absolutePath: resolve(cwd, match), named: false }));
  if (files.length === 0)
    return failure(noFiles(pattern, `the pattern ${pattern} matches no YAML file (*.yaml, *.yml)`));
  return { files, diagnostics: [] };
}

function walkFolder(absoluteDir: string, shownDir: string): SourceFile[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(absoluteDir, { withFileTypes: true });
  } catch {
    // An unreadable sub-folder contributes nothing; the folder as a whole is reported if it ends up empty.
    return [];
  }
  // `join` once per folder, not twice per entry (a folder of hundreds of files): a file name is one plain
  // segment, so joining it to the folder is appending it to the folder joined to any plain segment, minus that.
  const absolutePrefix = join(absoluteDir, '_').slice(0, -1);
  const shownPrefix = join(shownDir, '_').slice(0, -1);
  return entries
    .filter((entry) => !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .flatMap((entry): SourceFile[] => {
      const absolutePath = absolutePrefix + entry.name;
      const shownAs = shownPrefix + entry.name;
      if (entry.isDirectory()) return walkFolder(absolutePath, shownAs);
      if (!YAML_FILE.test(entry.name)) return [];
      if (entry.isFile() || (entry.isSymbolicLink() && isFile(absolutePath)))
        return [{ shownAs, absolutePath, named: false }];
      return [];
    });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function noFiles(path: string, message: string): Diagnostic {
  return loaderDiagnostic({ code: 'io/no-files', severity: 'error', message }, path);
}

function failure(diagnostic: Diagnostic): ExpandedPaths {
  return { files: [], diagnostics: [diagnostic] };
}
