/**
 * A deep copy of plain data (objects, arrays, strings, numbers, booleans, null: what YAML and JSON give), as
 * `structuredClone` makes it for such values, several times faster for the small documents facts are built from
 * (a check of a few hundred files builds a few hundred). Anything else (a Date, a Map) is copied by reference;
 * the facts never hold one.
 */
export function cloneData<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneData(item)) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneData((value as Record<string, unknown>)[key]);
  return copy as T;
}
