import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeIoError, MAX_SOURCE_BYTES, readSource } from './read-source.js';
import { closestMatch } from './suggest.js';

const ioError = (code: string) => Object.assign(new Error(`${code}: failure`), { code });

describe('describeIoError', () => {
  it('names the path and the reason, never the raw error', () => {
    expect(describeIoError(ioError('ENOENT'), 'a.yaml')).toBe('a.yaml does not exist');
    expect(describeIoError(ioError('EACCES'), 'a.yaml')).toBe('a.yaml cannot be read: permission denied');
    expect(describeIoError(ioError('EPERM'), 'a.yaml')).toBe('a.yaml cannot be read: permission denied');
    expect(describeIoError(ioError('EISDIR'), 'a.yaml')).toBe('a.yaml is a folder, not a file');
    expect(describeIoError(ioError('ELOOP'), 'a.yaml')).toBe('a.yaml cannot be read: too many symbolic links');
    expect(describeIoError(ioError('EIO'), 'a.yaml')).toBe('a.yaml cannot be read (EIO)');
    expect(describeIoError('weird', 'a.yaml')).toBe('a.yaml cannot be read');
  });
});

describe('readSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-read-source-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file of any size up to the limit whole, past the first buffer', () => {
    for (const size of [0, 1, 16 * 1024, 16 * 1024 + 1, 300_000, MAX_SOURCE_BYTES]) {
      const text = 'a: b\n'.repeat(Math.ceil(size / 5)).slice(0, size);
      writeFileSync(join(dir, 'f.yaml'), text);
      const read = readSource(join(dir, 'f.yaml'), 'f.yaml');
      expect(read.ok && read.text.length, String(size)).toBe(size);
      expect(read.ok && read.text === text).toBe(true);
    }
  });

  it('refuses a file past the limit with its size, and a folder', () => {
    writeFileSync(join(dir, 'big.yaml'), 'x'.repeat(MAX_SOURCE_BYTES + 1));
    expect(readSource(join(dir, 'big.yaml'), 'big.yaml')).toEqual({
      ok: false,
      problem: {
        code: 'io/unreadable',
        severity: 'error',
        message: `big.yaml is too large (${MAX_SOURCE_BYTES + 1} bytes; the limit is ${MAX_SOURCE_BYTES})`,
      },
    });
    const folder = readSource(dir, 'dir');
    expect(!folder.ok && folder.problem.message).toBe('dir is a folder, not a file');
  });

  it('stops a file that never ends (a device) at the limit', () => {
    const read = readSource('/dev/zero', 'zero.yaml');
    expect(!read.ok && read.problem.message).toBe(`zero.yaml is too large (the limit is ${MAX_SOURCE_BYTES} bytes)`);
  });
});

describe('closestMatch', () => {
  it('suggests near names and nothing for unrelated ones', () => {
    expect(closestMatch('keyVaultname', ['keyVaultName', 'keyIdentifier'])).toBe('keyVaultName');
    expect(closestMatch('US_EAST2', ['US_EAST', 'US_EAST_2'])).toBe('US_EAST_2');
    expect(closestMatch('clinetID', ['clientID', 'tenantID'])).toBe('clientID');
    expect(closestMatch('colour', ['projectId', 'clusters'])).toBeUndefined();
  });
});
