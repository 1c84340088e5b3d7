import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Why a destination is refused before anything is written (a symbolic link, a folder, an existing file). */
export class DestinationError extends Error {
  override readonly name = 'DestinationError';
  constructor(
    message: string,
    readonly reason: 'symlink' | 'not-a-file' | 'exists',
  ) {
    super(message);
  }
}

/** Options of {@link writePrivateFile}. */
export interface WriteFileOptions {
  /** Replace an existing regular file (default true); false refuses one with a {@link DestinationError}. */
  overwrite?: boolean;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Write `text` (a string or its pieces) to `path`, readable and writable by its owner only (mode 0600), all or
 * nothing: the pieces go to a new temporary file in the same folder (created exclusively, so it cannot be a link
 * planted in advance), which is flushed to disk and then renamed over `path`. A reader never sees a half-written
 * file, a full disk leaves the old file as it was, and a rename replaces a name, never the file a link points to.
 *
 * A symbolic link or anything but a regular file at `path` is refused with a {@link DestinationError} before
 * anything is written, and so is an existing file when `overwrite` is false. Other failures (no space, no
 * permission) are thrown as Node's errors, after the temporary file is removed.
 */
export function writePrivateFile(path: string, text: string | Iterable<string>, options: WriteFileOptions = {}): void {
  const existing = statOrUndefined(path);
  if (existing?.isSymbolicLink())
    throw new DestinationError('it is a symbolic link; refusing to write through it', 'symlink');
  if (existing && !existing.isFile()) throw new DestinationError('it exists and is not a regular file', 'not-a-file');
  if (existing && options.overwrite === false) throw new DestinationError('it already exists', 'exists');

  const temporary = join(dirname(path), `.${basename(path)}.${randomSuffix()}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  let renamed = false;
  try {
    try {
      // Pieces are written as they come, so a plan of thousands of projects is never one string in memory.
      for (const chunk of typeof text === 'string' ? [text] : text) writeSync(fd, chunk);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (options.overwrite === false) {
      // link() fails when the name exists, so a file that appeared since the check above is never replaced.
      try {
        linkSync(temporary, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST')
          throw new DestinationError('it already exists', 'exists');
        throw error;
      }
    } else {
      renameSync(temporary, path);
      renamed = true;
    }
  } finally {
    if (!renamed) rmSync(temporary, { force: true });
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is not a folder',
  EISDIR: 'it is a folder',
};

/** A short phrase for why a write failed, for a one-line message (`cannot write X: <phrase>`). */
export function describeWriteError(error: unknown): string {
  if (error instanceof DestinationError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === undefined ? undefined : REASONS[code];
  if (reason !== undefined) return `${reason} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Six random bytes in hex for a temporary name. `node:crypto` is loaded here, on first use, not with this module:
 * `check` imports this module and rarely writes a file, and loading crypto costs milliseconds of its start-up.
 */
function randomSuffix(): string {
  return process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex');
}
