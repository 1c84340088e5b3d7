import { describe, expect, it } from 'vitest';
import { describeIoError } from './read-source.js';
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

describe('closestMatch', () => {
  it('suggests near names and nothing for unrelated ones', () => {
    expect(closestMatch('keyVaultname', ['keyVaultName', 'keyIdentifier'])).toBe('keyVaultName');
    expect(closestMatch('US_EAST2', ['US_EAST', 'US_EAST_2'])).toBe('US_EAST_2');
    expect(closestMatch('clinetID', ['clientID', 'tenantID'])).toBe('clientID');
    expect(closestMatch('colour', ['projectId', 'clusters'])).toBeUndefined();
  });
});
