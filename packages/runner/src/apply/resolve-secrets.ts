import { SENSITIVE } from '@atlas-cmk/planner';
import { StepError } from './step-error.js';

/** Turns a plan's secret reference (`${env:NAME}`, `${file:path}`) into the secret's value. */
export type ResolveSecret = (ref: string) => string;

/**
 * A copy of a planned request body with every `{"$secretRef": ref}` marker replaced by the resolved value,
 * made just before sending so the value lives only in the request. Throws {@link StepError} for a literal
 * secret (`(sensitive value)`: the loader dropped it and policy refuses it) or a reference that cannot be
 * resolved; the message names the reference, never a value.
 */
export function resolveSecrets<T>(body: T, resolveSecret: ResolveSecret): T {
  return resolveValue(body, resolveSecret) as T;
}

function resolveValue(value: unknown, resolveSecret: ResolveSecret): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, resolveSecret));
  if (value === null || typeof value !== 'object') {
    if (value === SENSITIVE) {
      throw new StepError({
        message: 'The plan holds a literal secret, which atlas-cmk never stores or sends.',
        hint: 'Write the secret as ${env:NAME} or ${file:path} in the desired-state file, then plan again.',
      });
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  const ref = record.$secretRef;
  if (typeof ref === 'string' && Object.keys(record).length === 1) return resolveOne(ref, resolveSecret);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolveValue(v, resolveSecret)]));
}

function resolveOne(ref: string, resolveSecret: ResolveSecret): string {
  let resolved: string;
  try {
    resolved = resolveSecret(ref);
  } catch (error) {
    throw new StepError(
      {
        message: `The secret reference ${ref} could not be resolved.`,
        hint: 'Set the environment variable or create the file it names, then run atlas-cmk apply again.',
      },
      { cause: error },
    );
  }
  if (resolved === '') {
    throw new StepError({
      message: `The secret reference ${ref} resolved to an empty value.`,
      hint: 'Set it to the Azure application client secret, then run atlas-cmk apply again.',
    });
  }
  return resolved;
}
