import { describe, expect, it } from 'vitest';
import { resolveSecrets } from './resolve-secrets.js';
import { StepError } from './step-error.js';

const CANARY = 'canary-secret-7f3a';

describe('resolveSecrets', () => {
  it('replaces markers deep in a body and leaves the planned body untouched', () => {
    const body = { azureKeyVault: { enabled: true, secret: { $secretRef: '${env:AZURE_CLIENT_SECRET}' } } };
    const seen: string[] = [];
    const out = resolveSecrets(body, (ref) => {
      seen.push(ref);
      return CANARY;
    });
    expect(out).toEqual({ azureKeyVault: { enabled: true, secret: CANARY } });
    expect(body.azureKeyVault.secret).toEqual({ $secretRef: '${env:AZURE_CLIENT_SECRET}' });
    expect(seen).toEqual(['${env:AZURE_CLIENT_SECRET}']);
  });

  it('refuses a literal secret and an unresolvable reference without echoing a value', () => {
    expect(() => resolveSecrets({ secret: '(sensitive value)' }, () => CANARY)).toThrow(/literal secret/);
    const failing = (): never => {
      throw new Error(`variable holds ${CANARY}`);
    };
    let caught: unknown;
    try {
      resolveSecrets({ secret: { $secretRef: '${env:NOPE}' } }, failing);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StepError);
    expect((caught as StepError).info.message).toBe('The secret reference ${env:NOPE} could not be resolved.');
    expect(JSON.stringify((caught as StepError).info)).not.toContain(CANARY);
  });
});
