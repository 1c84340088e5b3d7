import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DestinationError, describeWriteError, writePrivateFile } from './write-private-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-write-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writePrivateFile', () => {
  it('replaces a wider-mode file with an owner-only one and leaves no temporary file', () => {
    const path = join(dir, 'plan.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o644);
    writePrivateFile(path, ['{"a":', '1}\n']);
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });

  it('keeps the old file when writing fails half-way', () => {
    const path = join(dir, 'plan.json');
    writeFileSync(path, 'old');
    function* pieces(): Generator<string> {
      yield 'new start';
      throw new Error('disk full');
    }
    expect(() => writePrivateFile(path, pieces())).toThrow('disk full');
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });

  it('refuses a symbolic link, a folder, and an existing file when asked not to overwrite', () => {
    const target = join(dir, 'target');
    writeFileSync(target, 'keep');
    symlinkSync(target, join(dir, 'link'));
    mkdirSync(join(dir, 'folder'));
    const refused = (path: string, overwrite?: boolean): DestinationError => {
      try {
        writePrivateFile(path, 'x', overwrite === undefined ? {} : { overwrite });
      } catch (error) {
        if (error instanceof DestinationError) return error;
        throw error;
      }
      throw new Error('not refused');
    };
    expect(refused(join(dir, 'link')).reason).toBe('symlink');
    expect(refused(join(dir, 'folder')).reason).toBe('not-a-file');
    expect(refused(target, false).reason).toBe('exists');
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(readdirSync(dir).sort()).toEqual(['folder', 'link', 'target']);
    writePrivateFile(join(dir, 'new'), 'fresh', { overwrite: false });
    expect(readFileSync(join(dir, 'new'), 'utf8')).toBe('fresh');
  });

  it('phrases write failures in a few words', () => {
    expect(
      describeWriteError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })),
    ).toBe('no space left on the device (ENOSPC)');
    expect(describeWriteError(new DestinationError('it already exists', 'exists'))).toBe('it already exists');
  });
});
