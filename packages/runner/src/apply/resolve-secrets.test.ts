import { describe, expect, it } from 'vitest';
import { resolveSecrets } from './resolve-secrets.js';
import { StepError } from './step-error.js';

const CANARY = 'canary-secret-7f3a';
const SECRET_PATHS = [['azureKeyVault', 'secret']];

describe('resolveSecrets', () => {
  it('replaces markers deep in a body and leaves the planned body untouched', () => {
    const body = { azureKeyVault: { enabled: true, secret: { $secretRef: '${env:AZURE_CLIENT_SECRET}' } } };
    const seen: string[] = [];
    const out = resolveSecrets(
      body,
      (ref) => {
        seen.push(ref);
        return CANARY;
      },
      SECRET_PATHS,
    );
    expect(out).toEqual({ azureKeyVault: { enabled: true, secret: CANARY } });
    expect(body.azureKeyVault.secret).toEqual({ $secretRef: '${env:AZURE_CLIENT_SECRET}' });
    expect(seen).toEqual(['${env:AZURE_CLIENT_SECRET}']);
  });

  it('refuses a literal secret and an unresolvable reference without echoing a value', () => {
    expect(() => resolveSecrets({ secret: '(sensitive value)' }, () => CANARY, [['secret']])).toThrow(/literal secret/);
    const failing = (): never => {
      throw new Error(`variable holds ${CANARY}`);
    };
    let caught: unknown;
    try {
      resolveSecrets({ secret: { $secretRef: '${env:NOPE}' } }, failing, [['secret']]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StepError);
    expect((caught as StepError).info.message).toBe('The secret reference ${env:NOPE} could not be resolved.');
    expect(JSON.stringify((caught as StepError).info)).not.toContain(CANARY);
  });

  it('never resolves a reference outside the secret fields: a moved marker is refused before anything is resolved', () => {
    const moved = {
      azureKeyVault: {
        enabled: true,
        resourceGroupName: { $secretRef: '${env:MONGODB_ATLAS_PRIVATE_API_KEY}' },
        secret: { $secretRef: '${env:AZURE_CLIENT_SECRET}' },
      },
    };
    const seen: string[] = [];
    const resolve = (ref: string): string => {
      seen.push(ref);
      return CANARY;
    };
    expect(() => resolveSecrets(moved, resolve, SECRET_PATHS)).toThrow(
      /secret reference in azureKeyVault\.resourceGroupName, which is not a secret field/,
    );
    expect(() => resolveSecrets({ name: [{ $secretRef: '${env:GITHUB_TOKEN}' }] }, resolve, [])).toThrow(/name\.0/);
    expect(() =>
      resolveSecrets({ azureKeyVault: { secret: { $secretRef: 'x', extra: 1 } } }, resolve, SECRET_PATHS),
    ).toThrow(/malformed secret reference/);
    expect(seen).toEqual([]);
  });
});
