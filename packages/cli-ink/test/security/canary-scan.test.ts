import { describe, expect, it } from 'vitest';
import { encodedForms, findLeaks } from './canary-scan.js';

const CANARIES = { secret: 'canary-scan-secret-Hx27Qp' };
const SPECIAL = { secret: 'canary "scan" \\ secret/+&-Hx27Qp' };

describe('the canary scanner', () => {
  it.each([
    ['plain', 'error: canary-scan-secret-Hx27Qp was rejected'],
    ['in a form body', `client_secret=${encodeURIComponent(CANARIES.secret)}&grant_type=client_credentials`],
    ['inside HTTP Basic credentials', `Basic ${Buffer.from(`client-id:${CANARIES.secret}`).toString('base64')}`],
    ['inside Base64 at offset 1', Buffer.from(`y${CANARIES.secret}z`).toString('base64')],
    ['inside Base64 at offset 2', Buffer.from(`xy${CANARIES.secret}z`).toString('base64')],
    ['inside Base64 at offset 3', Buffer.from(`xyz${CANARIES.secret}`).toString('base64')],
  ])('finds a canary %s', (_how, text) => {
    expect(findLeaks([{ label: 'sample', text }], encodedForms(CANARIES)).length).toBeGreaterThan(0);
  });

  it.each([
    ['JSON-escaped', JSON.stringify({ detail: `bad ${JSON.stringify(SPECIAL.secret)}` })],
    ['URL-encoded', `secret=${encodeURIComponent(SPECIAL.secret)}`],
    [
      'in OAuth Basic credentials (URL-encoded first)',
      `Basic ${Buffer.from(`id:${encodeURIComponent(SPECIAL.secret)}`).toString('base64')}`,
    ],
  ])('finds a canary with special characters %s', (_how, text) => {
    expect(text).not.toContain(SPECIAL.secret);
    expect(findLeaks([{ label: 'sample', text }], encodedForms(SPECIAL)).length).toBeGreaterThan(0);
  });

  it('reports nothing for text without a canary, and says where a canary was found', () => {
    expect(findLeaks([{ label: 'clean', text: 'secret: [REDACTED]' }], encodedForms(CANARIES))).toEqual([]);
    const [leak] = findLeaks([{ label: 'plan.json', text: `{"secret":"${CANARIES.secret}"}` }], encodedForms(CANARIES));
    expect(leak).toMatchObject({ label: 'plan.json', canary: 'secret' });
  });
});
