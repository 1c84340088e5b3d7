/** A regular expression in a rule schema that the loader refuses, with the schema path it sits at. */
export interface UnsafePattern {
  /** JSON-pointer-like path inside the rule (`assert/properties/name/pattern`). */
  path: string;
  pattern: string;
  problem: string;
}

/**
 * Find the `pattern`s and `patternProperties` keys of a schema that do not compile or that nest one
 * repetition inside another (`(a+)+`, `(\w*)*`, `(x{2,})+`): such patterns backtrack exponentially on a
 * crafted string, so a third-party rule pack could hang `check`. Heuristic by design: it refuses the
 * classic catastrophic shape and accepts everything else that compiles.
 */
export function findUnsafePatterns(schema: unknown, path = ''): UnsafePattern[] {
  if (Array.isArray(schema)) return schema.flatMap((item, i) => findUnsafePatterns(item, `${path}/${i}`));
  if (schema === null || typeof schema !== 'object') return [];
  const found: UnsafePattern[] = [];
  for (const [key, value] of Object.entries(schema)) {
    const here = `${path}/${key}`;
    if (key === 'pattern' && typeof value === 'string') found.push(...check(value, here));
    if (key === 'pattern' && value !== null && typeof value === 'object' && '$data' in value) {
      // With $data the regular expression would come from the facts, that is from the checked file.
      found.push({
        path: here,
        pattern: JSON.stringify(value),
        problem: 'a pattern taken from the facts ($data) could be made catastrophic by the checked file',
      });
    }
    if (key === 'patternProperties' && value !== null && typeof value === 'object') {
      for (const source of Object.keys(value)) found.push(...check(source, `${here}/${source}`));
    }
    found.push(...findUnsafePatterns(value, here));
  }
  return found;
}

function check(pattern: string, path: string): UnsafePattern[] {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return [{ path, pattern, problem: `it is not a valid regular expression (${(error as Error).message})` }];
  }
  return hasNestedQuantifier(pattern)
    ? [
        {
          path,
          pattern,
          problem: 'it repeats a group that itself repeats (nested quantifiers backtrack exponentially)',
        },
      ]
    : [];
}

/** True when a group that contains a repeating quantifier is itself repeated. */
export function hasNestedQuantifier(source: string): boolean {
  const groups: boolean[] = [];
  let closedRepeating = false;
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    const quantifier = readQuantifier(source, i);
    if (quantifier !== null) {
      if (quantifier.repeats && closedRepeating) return true;
      if (quantifier.repeats && groups.length > 0) groups[groups.length - 1] = true;
      closedRepeating = false;
      i = quantifier.end;
      continue;
    }
    closedRepeating = false;
    if (ch === '\\') {
      i += 2;
    } else if (ch === '[') {
      i = skipClass(source, i);
    } else if (ch === '(') {
      groups.push(false);
      i += 1;
    } else if (ch === ')') {
      const repeating = groups.pop() ?? false;
      if (repeating && groups.length > 0) groups[groups.length - 1] = true;
      closedRepeating = repeating;
      i += 1;
    } else {
      i += 1;
    }
  }
  return false;
}

function readQuantifier(source: string, i: number): { repeats: boolean; end: number } | null {
  const ch = source[i];
  let end: number;
  let repeats: boolean;
  if (ch === '*' || ch === '+') {
    repeats = true;
    end = i + 1;
  } else if (ch === '?') {
    repeats = false;
    end = i + 1;
  } else if (ch === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (match === null) return null;
    const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
    repeats = max > 1;
    end = i + match[0].length;
  } else {
    return null;
  }
  if (source[end] === '?' || source[end] === '+') end += 1;
  return { repeats, end };
}

function skipClass(source: string, start: number): number {
  let i = start + 1;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}
