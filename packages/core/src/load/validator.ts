import type { ErrorObject } from 'ajv';
import type { SchemaNode } from './schema-path.js';
import { readDesiredStateSchema } from './schema-path.js';

/** Validates one document against the desired-state schema; returns ajv's errors, empty when valid. */
export type DesiredStateValidator = (data: unknown) => readonly ErrorObject[];

interface AjvValidateFunction {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The desired-state validator. The built package uses the standalone module that `pnpm build`
 * generates (`generated/validate-desired-state.js`: no schema compilation at start-up). Running from
 * TypeScript sources (tests, the `source` export condition), or when the module is absent, it compiles
 * the schema file with ajv instead, so an edited schema is never checked with a stale validator.
 * Call it once per load, not per document.
 */
export async function loadDesiredStateValidator(): Promise<DesiredStateValidator> {
  const fromSources = import.meta.url.endsWith('.ts');
  const generated = fromSources ? undefined : await importGenerated();
  return wrap(generated ?? (await compileDesiredStateValidator(readDesiredStateSchema())));
}

async function importGenerated(): Promise<AjvValidateFunction | undefined> {
  // A computed specifier: the module exists only after a build, so the type checker must not resolve it.
  const url = new URL('../../generated/validate-desired-state.js', import.meta.url);
  try {
    const mod = (await import(url.href)) as { default: AjvValidateFunction };
    return mod.default;
  } catch (error) {
    if (isModuleNotFound(error)) return undefined;
    throw new Error('The generated desired-state validator cannot be loaded; run `pnpm build` again', { cause: error });
  }
}

function isModuleNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND';
}

/**
 * Compiles the schema with ajv. The options must stay in step with `scripts/generate-validator.mjs`,
 * which produces the same validator as standalone code at build time.
 */
export async function compileDesiredStateValidator(schema: SchemaNode): Promise<AjvValidateFunction> {
  // CommonJS: only `default` (its `module.exports`, the class) is there in Node and in the check bundle alike.
  const { default: Ajv } = await import('ajv');
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  // Annotations for editors and for the loader's error sentences; they do not validate anything.
  for (const keyword of ['markdownDescription', 'x-expected', 'x-message', 'x-condition']) ajv.addKeyword({ keyword });
  return ajv.compile(schema);
}

function wrap(validate: AjvValidateFunction): DesiredStateValidator {
  return (data) => (validate(data) ? [] : [...(validate.errors ?? [])]);
}
