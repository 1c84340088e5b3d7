import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { LoaderProblem } from './loader-diagnostic.js';

/** Larger files are refused: a desired-state file describes a few projects and stays far below this. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/** One decoder for every file: decoding without `stream` keeps no state between calls. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a file, or why it cannot be used. */
export type SourceText = { ok: true; text: string } | { ok: false; problem: LoaderProblem };

/**
 * Reads a desired-state file as UTF-8 text. Missing files, permission errors, folders, oversized and
 * binary files become an `io/unreadable` problem naming the path; nothing is thrown for them. Never more
 * than one byte past {@link MAX_SOURCE_BYTES} is read.
 */
export function readSource(absolutePath: string, shownAs: string): SourceText {
  let bytes: Buffer;
  try {
    // Synchronous on purpose: files are small, and a CLI reading a few hundred of them is faster
    // without a thread-pool round trip per call.
    const fd = openSync(absolutePath, 'r');
    try {
      bytes = readAtMost(fd, MAX_SOURCE_BYTES + 1);
      if (bytes.length > MAX_SOURCE_BYTES) {
        const size = fstatSync(fd).size;
        return unreadable(
          size > MAX_SOURCE_BYTES
            ? `${shownAs} is too large (${size} bytes; the limit is ${MAX_SOURCE_BYTES})`
            : `${shownAs} is too large (the limit is ${MAX_SOURCE_BYTES} bytes)`,
        );
      }
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    // A folder opens, and fails on the first read (EISDIR).
    return unreadable(describeIoError(error, shownAs));
  }
  if (bytes.includes(0)) return unreadable(`${shownAs} is a binary file, not YAML text`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return unreadable(`${shownAs} is not UTF-8 text`);
  }
  return { ok: true, text };
}

/**
 * Up to `limit` bytes of the open file `fd`, read until its end: no stat before (a check reads hundreds of
 * files, and each stat costs), and a file that never ends (a device) or grows while read stops at the limit.
 */
function readAtMost(fd: number, limit: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(16 * 1024, limit));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length === limit) break;
      const larger = Buffer.allocUnsafe(Math.min(buffer.length * 4, limit));
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
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
