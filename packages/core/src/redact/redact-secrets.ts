/** Secrets shorter than this are ignored: replacing them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 4;
/** A Base64 fragment shorter than this is not searched for: it could occur by chance. */
const MIN_BASE64_CORE = 8;
/** A run of Base64 or Base64url characters, with its padding. */
const BASE64_RUN = /[A-Za-z0-9+/_-]+={0,2}/g;

/** The textual forms a secret takes on its way out, and the Base64 fragments that only it produces. */
export interface SecretForms {
  /** Raw, JSON-escaped (once and twice), URL-encoded (upper and lower-case hex), form-encoded. */
  literal: string[];
  /** Inner parts of the Base64 and Base64url encodings of each literal form, at each of the three byte alignments. */
  base64: string[];
}

/**
 * Every form of `secret` that {@link redactSecrets} removes. Base64 mixes a value's bytes with its neighbours'
 * (an HTTP Basic header encodes `id:secret`), so for each alignment only the characters that depend on the
 * secret alone are kept: a text holding the secret encoded anywhere inside Base64 holds one of these.
 */
export function secretForms(secret: string): SecretForms {
  const json = JSON.stringify(secret).slice(1, -1);
  const url = encodeURIComponent(secret);
  const literal = new Set([
    secret,
    json,
    JSON.stringify(json).slice(1, -1),
    url,
    url.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams({ v: secret }).toString().slice(2),
    encodeURI(secret),
  ]);
  // Base64 of the secret itself and of its encoded forms: OAuth clients URL-encode a secret before Basic.
  const base64 = new Set<string>();
  for (const form of literal) for (const core of base64Cores(form)) base64.add(core);
  return { literal: [...literal].filter((f) => f.length >= MIN_SECRET_LENGTH), base64: [...base64] };
}

/** The Base64 and Base64url characters that encode `value` alone, at each of the three byte alignments. */
function base64Cores(value: string): string[] {
  const cores: string[] = [];
  const bytes = Buffer.from(value, 'utf8');
  for (const shift of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    // The first group mixes in preceding bytes unless shift is 0; the last one mixes in what follows.
    const skip = shift === 0 ? 0 : 4;
    const whole = Math.floor(padded.length / 3) * 4;
    const core = padded.toString('base64').slice(skip, whole);
    if (core.length >= MIN_BASE64_CORE) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

/**
 * Replace every known secret in `text` with `replacement`, in every form it takes on the way out: raw,
 * JSON-escaped, URL- and form-encoded, and inside Base64 (an HTTP Basic header, a token) where the whole
 * Base64 run holding it is replaced. Longer forms go first, so a secret that contains another is removed
 * whole. Values shorter than four characters, empty and `undefined` values are ignored. The one redaction
 * of atlas-cmk: server messages in errors, events, comments and the top-level error handler all use it.
 */
export function redactSecrets(
  text: string,
  secrets: readonly (string | undefined)[],
  replacement = '(sensitive value)',
): string {
  const literal = new Set<string>();
  const base64 = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    const forms = secretForms(secret);
    for (const f of forms.literal) literal.add(f);
    for (const f of forms.base64) base64.add(f);
  }
  let out = text;
  for (const form of [...literal].sort((a, b) => b.length - a.length)) out = out.split(form).join(replacement);
  if (base64.size === 0) return out;
  const cores = [...base64];
  return out.replace(BASE64_RUN, (run) => (cores.some((core) => run.includes(core)) ? replacement : run));
}
