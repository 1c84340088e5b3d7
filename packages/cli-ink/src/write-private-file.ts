import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';

/**
 * Write `text` (a string or its pieces) to `path` readable and writable by its owner only (mode 0600). An existing file keeps no wider
 * mode: `writeFileSync`'s `mode` applies only when it creates the file, so the mode is set on the open file
 * before anything is written to it.
 */
export function writePrivateFile(path: string, text: string | Iterable<string>): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    // Pieces are written as they come, so a plan of thousands of projects is never one string in memory.
    for (const chunk of typeof text === 'string' ? [text] : text) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
