import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('removes a longer secret whole even when it contains a shorter one, and ignores tiny values', () => {
    expect(redactSecrets('p=abcd1234 q=abcd r=ab', ['abcd', 'abcd1234', 'ab'])).toBe(
      'p=(sensitive value) q=(sensitive value) r=ab',
    );
  });
});
