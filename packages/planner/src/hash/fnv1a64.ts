const OFFSET_BASIS = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/**
 * FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as `fnv1a64:<16 lowercase hex digits>`. Fast and
 * stable, which is all a staleness fingerprint needs; it is not a cryptographic hash, so callers that
 * need one inject theirs (`PlanOptions.hash`).
 */
export function fnv1a64(text: string): string {
  let hash = OFFSET_BASIS;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * PRIME) & MASK;
  }
  return `fnv1a64:${hash.toString(16).padStart(16, '0')}`;
}
