import { closeSync, fchmodSync, openSync, writeFileSync } from 'node:fs';

/**
 * Write `text` to `path` readable and writable by its owner only (mode 0600). An existing file keeps no wider
 * mode: `writeFileSync`'s `mode` applies only when it creates the file, so the mode is set on the open file
 * before anything is written to it.
 */
export function writePrivateFile(path: string, text: string): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
