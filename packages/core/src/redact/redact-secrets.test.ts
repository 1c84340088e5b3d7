import { describe, expect, it } from 'vitest';
import { knownSecrets } from './known-secrets.js';
import { redactSecrets, secretForms } from './redact-secrets.js';

/** A secret with characters that JSON, URLs and forms each encode differently. */
const SECRET = 'Az~9 "q\\/+=&%é-canary-71Qx';
const OTHER = 'mdb_sa_sk_canary_Qm4Tn8Wc2Ry6';

/** Every way a server, a log line or a bug may carry a secret out. */
function carriers(secret: string, user = 'b054a9ff-b60a-4cb6-8df6-20726eaefce6'): Record<string, string> {
  const json = JSON.stringify({ secret });
  return {
    raw: `the secret ${secret} is wrong`,
    'JSON-escaped': `{"detail":${JSON.stringify(`invalid body ${json}`)}}`,
    'JSON string': json,
    'URL-encoded': `https://x.test/cb?client_secret=${encodeURIComponent(secret)}&a=1`,
    'URL-encoded, lower-case hex': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    'form-encoded': new URLSearchParams({ client_id: user, client_secret: secret }).toString(),
    'base64 alone': `token ${Buffer.from(secret).toString('base64')}.`,
    'HTTP Basic header': `Authorization: Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`,
    'OAuth client Basic (URL-encoded first)': `Basic ${Buffer.from(`${user}:${encodeURIComponent(secret)}`).toString('base64')}`,
    'HTTP Basic, other id length': `Basic ${Buffer.from(`ab:${secret}`).toString('base64')}`,
    'base64url in a JWT-like token': `eyJ.${Buffer.from(`{"s":"${secret}"}`).toString('base64url')}.sig`,
    'echoed by Atlas': `INVALID_AZURE_CREDENTIALS: AADSTS7000215: Invalid client secret provided ('${secret}').`,
  };
}

describe('redactSecrets: one redaction for every form a secret takes', () => {
  it.each(Object.entries(carriers(SECRET)))('removes the secret %s', (_form, text) => {
    const out = redactSecrets(text, [SECRET]);
    for (const form of [...secretForms(SECRET).literal, ...secretForms(SECRET).base64]) expect(out).not.toContain(form);
    expect(out).toContain('(sensitive value)');
  });

  it('finds every carrier of another secret, and keeps ordinary text and unrelated Base64 as they were', () => {
    for (const [form, text] of Object.entries(carriers(OTHER))) {
      const out = redactSecrets(text, [OTHER], '***');
      expect(out, form).not.toContain(OTHER);
      for (const core of secretForms(OTHER).base64) expect(out, form).not.toContain(core);
    }
    const plain = 'Endpoint US_CENTRAL approved; header Basic dXNlcjpwYXNzd29yZA== kept';
    expect(redactSecrets(plain, [OTHER])).toBe(plain);
  });

  it('removes a longer secret whole even when it contains a shorter one, and ignores tiny values', () => {
    expect(redactSecrets('p=abcd1234 q=abcd r=ab', ['abcd', 'abcd1234', 'ab'])).toBe(
      'p=(sensitive value) q=(sensitive value) r=ab',
    );
  });

  it("knows the tool's and the CI's credentials from the environment", () => {
    expect(
      knownSecrets({ GITHUB_TOKEN: 'ghs_x', AZURE_CLIENT_SECRET: '', MONGODB_ATLAS_CLIENT_SECRET: 's', HOME: '/h' }),
    ).toEqual(['s', 'ghs_x']);
  });
});
