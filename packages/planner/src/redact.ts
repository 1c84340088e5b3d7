import type { SecretSource } from '@atlas-cmk/core';
import { SENSITIVE, type SecretRef } from './plan-types.js';

/**
 * What a request body carries in place of the client secret: a reference the runner resolves at apply
 * time (`{"$secretRef": "${env:NAME}"}`), or `(sensitive value)` for a literal secret, whose value the
 * loader already dropped (policy refuses such a file before apply).
 */
export function secretMarker(source: SecretSource): SecretRef | typeof SENSITIVE {
  switch (source.kind) {
    case 'env':
    case 'file':
      return { $secretRef: source.raw };
    case 'literal':
      return SENSITIVE;
    default: {
      const unreachable: never = source;
      return unreachable;
    }
  }
}
