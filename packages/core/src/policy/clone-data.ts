/**
 * A deep copy of plain data (objects, arrays, strings, numbers, booleans, null: what YAML and JSON give), as
 * `structuredClone` makes it for such values, several times faster for the small documents facts are built from
 * (a check of a few hundred files builds a few hundred). Anything else (a Date, a Map) is copied by reference;
 * the facts never hold one.
 */
export function cloneData<T>(value: T): T {
  // Indexed loops: this runs for every document of a check, mostly before V8 optimises it (see evaluatePolicy).
  if (Array.isArray(value)) {
    const items: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = cloneData(value[i] as unknown);
    return items as T;
  }
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) copy[keys[i]!] = cloneData((value as Record<string, unknown>)[keys[i]!]);
  return copy as T;
}
