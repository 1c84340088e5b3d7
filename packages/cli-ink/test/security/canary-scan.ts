/** One captured artefact of a run: what it is, and its text. */
export interface Artefact {
  label: string;
  text: string;
}

/** A canary found in an artefact, with a little context around it. */
export interface Leak {
  label: string;
  canary: string;
  context: string;
}

/** Every occurrence of every canary in every artefact. */
export function findLeaks(artefacts: readonly Artefact[], canaries: Readonly<Record<string, string>>): Leak[] {
  const leaks: Leak[] = [];
  for (const { label, text } of artefacts) {
    for (const [name, canary] of Object.entries(canaries)) {
      let at = text.indexOf(canary);
      while (at >= 0) {
        leaks.push({ label, canary: name, context: text.slice(Math.max(0, at - 80), at + canary.length + 20) });
        at = text.indexOf(canary, at + 1);
      }
    }
  }
  return leaks;
}

/**
 * Canaries as they may appear encoded: plain, JSON-escaped, URL-encoded, and inside Base64 (`Basic` credentials,
 * of the value itself or of its URL-encoded form as OAuth clients send it). Written independently of the
 * redaction it checks.
 */
export function encodedForms(canaries: Readonly<Record<string, string>>): Record<string, string> {
  const forms: Record<string, string> = {};
  for (const [name, canary] of Object.entries(canaries)) {
    forms[name] = canary;
    forms[`${name} (json-escaped)`] = JSON.stringify(canary).slice(1, -1);
    forms[`${name} (json-escaped twice)`] = JSON.stringify(JSON.stringify(canary).slice(1, -1)).slice(1, -1);
    forms[`${name} (url-encoded)`] = encodeURIComponent(canary);
    // Base64 depends on where the canary starts within a 3-byte group: one form per alignment, each without its
    // first and last 4 characters (they mix in the bytes around the canary).
    for (const [kind, text] of [
      ['base64', canary],
      ['base64 of url-encoded', encodeURIComponent(canary)],
    ] as const) {
      for (const shift of [0, 1, 2]) {
        const encoded = Buffer.from(`${'x'.repeat(shift)}${text}`).toString('base64');
        forms[`${name} (${kind}, offset ${shift})`] = encoded.slice(4, -4);
      }
    }
  }
  return forms;
}
