import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The environment variable holding the key that signs saved plans for the jobs that apply them. */
export const PLAN_KEY_VARIABLE = 'ATLAS_CMK_PLAN_KEY';

/** Where the detached signature of a saved plan lives: beside it, `FILE.sig`. */
export function signaturePath(planPath: string): string {
  return `${planPath}.sig`;
}

/** The key from the environment, or `undefined` when plans are not signed. */
export function planKey(env: NodeJS.ProcessEnv): string | undefined {
  const key = env[PLAN_KEY_VARIABLE];
  return key === undefined || key === '' ? undefined : key;
}

/**
 * Signs a plan's text while it is written, a piece at a time: yields the pieces unchanged and, once they are
 * all through, `signature()` is `hmac-sha256:<hex>` over exactly those bytes.
 */
export function signingPieces(
  pieces: Iterable<string>,
  key: string,
): { pieces: Iterable<string>; signature: () => string } {
  const hmac = createHmac('sha256', key);
  let done = false;
  function* tee(): Generator<string> {
    for (const piece of pieces) {
      hmac.update(piece, 'utf8');
      yield piece;
    }
    done = true;
  }
  return {
    pieces: tee(),
    signature: () => {
      if (!done) throw new Error('the plan was not written completely before it was signed');
      return `hmac-sha256:${hmac.digest('hex')}\n`;
    },
  };
}

/** Why a signed plan may not be applied, or `undefined` when its detached signature matches its bytes. */
export function signatureProblem(
  planPath: string,
  planText: string,
  key: string,
  shownAs: string = planPath,
): string | undefined {
  let stored: string;
  try {
    stored = readFileSync(signaturePath(planPath), 'utf8').trim();
  } catch {
    return `${PLAN_KEY_VARIABLE} is set, and the plan has no signature file ${signaturePath(shownAs)}`;
  }
  const expected = `hmac-sha256:${createHmac('sha256', key).update(planText, 'utf8').digest('hex')}`;
  const a = Buffer.from(stored);
  const b = Buffer.from(expected);
  if (a.length === b.length && timingSafeEqual(a, b)) return undefined;
  return `its signature ${signaturePath(shownAs)} does not match the plan (altered, or signed with another ${PLAN_KEY_VARIABLE})`;
}
