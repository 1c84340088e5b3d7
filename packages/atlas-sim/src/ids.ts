import { createHash, randomBytes } from 'node:crypto';

/** A random lower-case hex string of `length` characters. */
export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/** A new Atlas-style 24-hex object id. */
export function newObjectId(): string {
  return randomHex(24);
}

/** SHA-256 of a token: the world stores hashes so a state file never holds a usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A stable 24-hex id derived from text (fixture-declared clusters get the same id on every load). */
export function stableObjectId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
