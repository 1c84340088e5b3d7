import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { LoaderProblem } from './loader-diagnostic.js';

/** Larger files are refused: a desired-state file describes a few projects and stays far below this. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/** One decoder for every file: decoding without `stream` keeps no state between calls. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a file, or why it cannot be used. */
export type SourceText = { ok: true; text: string } | { ok: false; problem: LoaderProblem };

/**
 * Reads a desired-state file as UTF-8 text. Missing files, permission errors, folders, oversized and
 * binary files become an `io/unreadable` problem naming the path; nothing is thrown for them.
 */
export function readSource(absolutePath: string, shownAs: string): SourceText {
  let bytes: Buffer;
  try {
    // Synchronous on purpose: files are small, and a CLI reading a few hundred of them is faster
    // without a thread-pool round trip per call.
    const fd = openSync(absolutePath, 'r');
    try {
      const stats = fstatSync(fd);
      if (stats.isDirectory()) return unreadable(`${shownAs} is a folder, not a file`);
      if (stats.size > MAX_SOURCE_BYTES) {
        return unreadable(`${shownAs} is too large (${stats.size} bytes; the limit is ${MAX_SOURCE_BYTES})`);
      }
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return unreadable(describeIoError(error, shownAs));
  }
  // Checked again after reading: a file can grow between stat and read.
  if (bytes.length > MAX_SOURCE_BYTES)
    return unreadable(`${shownAs} is too large (the limit is ${MAX_SOURCE_BYTES} bytes)`);
  if (bytes.includes(0)) return unreadable(`${shownAs} is a binary file, not YAML text`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return unreadable(`${shownAs} is not UTF-8 text`);
  }
  return { ok: true, text };
}

/** A sentence for a file-system error, naming the path and never the raw stack. */
export function describeIoError(error: unknown, shownAs: string): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
  switch (code) {
    case 'ENOENT':
      return `${shownAs} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `${shownAs} cannot be read: permission denied`;
    case 'EISDIR':
      return `${shownAs} is a folder, not a file`;
    case 'ENOTDIR':
      return `${shownAs} does not exist (a part of the path is a file, not a folder)`;
    case 'ELOOP':
      return `${shownAs} cannot be read: too many symbolic links`;
    default:
      return `${shownAs} cannot be read${code === undefined ? '' : ` (${code})`}`;
  }
}

function unreadable(message: string): SourceText {
  return { ok: false, problem: { code: 'io/unreadable', severity: 'error', message } };
}
