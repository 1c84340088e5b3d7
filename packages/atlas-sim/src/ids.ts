import { createHash, randomBytes } from 'node:crypto';

/** A random lower-case hex string of `length` characters. */
export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/**
 * A new Atlas-style 24-hex ObjectId for something created at `createdMs` (simulated time): the first 4 bytes are
 * the creation time in seconds, as in every MongoDB ObjectId, so clients can tell which of two is older.
 */
export function newObjectId(createdMs: number): string {
  const seconds = Math.max(0, Math.floor(createdMs / 1000)) % 2 ** 32;
  return seconds.toString(16).padStart(8, '0') + randomHex(16);
}

/** SHA-256 of a token: the world stores hashes so a state file never holds a usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A stable 24-hex id derived from text (fixture-declared clusters get the same id on every load). */
export function stableObjectId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
