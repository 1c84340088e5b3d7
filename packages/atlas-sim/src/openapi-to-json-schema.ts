/** Responses forbid `writeOnly` fields; requests may carry them (and `readOnly` ones, which Atlas tolerates). */
export type SchemaDirection = 'request' | 'response';

/** A JSON value as parsed from the contract. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const dropped = new Set([
  'description',
  'example',
  'examples',
  'externalDocs',
  'discriminator',
  'nullable',
  'readOnly',
  'writeOnly',
  'xml',
  'deprecated',
]);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `#/components/schemas/X` → `<id>#/definitions/X` (or the base copy of a discriminated parent). */
function mapRef(ref: string, baseId: string, toBase: boolean): string {
  const name = ref.replace('#/components/schemas/', '');
  return `${baseId}#/definitions/${toBase ? `${name}__base` : name}`;
}

/**
 * Converts one OpenAPI 3.0 schema object to JSON Schema (draft-07) for validating *responses*:
 * - `nullable: true` adds `null` to the type;
 * - `writeOnly` properties must not appear in a response (they become `false`); `readOnly` is dropped;
 * - a `discriminator` with `mapping` becomes if/then branches on the property, and children that
 *   `allOf` back to the parent refer to a copy without the branches (this breaks the reference cycle
 *   CloudRegionConfig20240805 ⇄ *RegionConfig20240805);
 * - `oneOf` without a discriminator becomes `anyOf`: Atlas's alternatives overlap (hardware specs, region enums);
 * - `type: object` beside a `oneOf` of string enums is dropped: real payloads carry a plain string (regionName quirk);
 * - `x-*` extensions, examples and descriptions are removed.
 */
export function convertSchema(
  schema: Json,
  baseId: string,
  discriminated: ReadonlySet<string>,
  direction: SchemaDirection = 'response',
): Json {
  if (Array.isArray(schema)) return schema.map((s) => convertSchema(s, baseId, discriminated, direction));
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (dropped.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out['$ref'] = mapRef(value, baseId, false);
    } else if (key === 'properties' && isObject(value)) {
      out['properties'] = Object.fromEntries(
        Object.entries(value).map(([p, s]) => [
          p,
          direction === 'response' && isObject(s) && s['writeOnly'] === true
            ? false
            : convertSchema(s, baseId, discriminated, direction),
        ]),
      );
    } else if (key === 'allOf' && Array.isArray(value)) {
      out['allOf'] = value.map((item) => {
        const ref = isObject(item) ? item['$ref'] : undefined;
        if (typeof ref === 'string' && discriminated.has(ref.replace('#/components/schemas/', '')))
          return { $ref: mapRef(ref, baseId, true) };
        return convertSchema(item, baseId, discriminated, direction);
      });
    } else if (key === 'oneOf' && Array.isArray(value)) {
      const disc = schema['discriminator'];
      if (isObject(disc) && isObject(disc['mapping']) && typeof disc['propertyName'] === 'string') {
        const prop = disc['propertyName'];
        out['allOf'] = Object.entries(disc['mapping']).map(([tag, ref]) => ({
          if: { properties: { [prop]: { const: tag } }, required: [prop] },
          then: { $ref: mapRef(String(ref), baseId, false) },
        }));
      } else {
        out['anyOf'] = value.map((s) => convertSchema(s, baseId, discriminated, direction));
      }
    } else {
      out[key] = convertSchema(value, baseId, discriminated, direction);
    }
  }
  if (schema['nullable'] === true && typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
  if (
    schema['type'] === 'object' &&
    Array.isArray(schema['oneOf']) &&
    schema['oneOf'].every((s) => isObject(s) && s['type'] === 'string')
  )
    delete out['type'];
  return out;
}

/** Converts `components.schemas` to a JSON Schema document with `$id` = `baseId` and one definition per schema. */
export function convertComponents(
  schemas: Record<string, Json>,
  baseId: string,
  direction: SchemaDirection = 'response',
): JsonObject {
  const discriminated = new Set(
    Object.entries(schemas)
      .filter(([, s]) => isObject(s) && isObject(s['discriminator']) && Array.isArray(s['oneOf']))
      .map(([name]) => name),
  );
  const definitions: JsonObject = {};
  for (const [name, schema] of Object.entries(schemas)) {
    definitions[name] = convertSchema(schema, baseId, discriminated, direction);
    if (discriminated.has(name) && isObject(schema)) {
      const { oneOf: _oneOf, discriminator: _d, ...base } = schema;
      definitions[`${name}__base`] = convertSchema(base, baseId, discriminated, direction);
    }
  }
  // Quirk: ApiError.parameters declares object items, but Atlas sends strings and numbers
  // (e.g. "parameters":["name"] in NOTES.md §4), so any item is accepted.
  const apiError = definitions['ApiError'];
  if (isObject(apiError) && isObject(apiError['properties']) && isObject(apiError['properties']['parameters'])) {
    apiError['properties']['parameters'] = { type: 'array' };
  }
  return { $id: baseId, definitions };
}
