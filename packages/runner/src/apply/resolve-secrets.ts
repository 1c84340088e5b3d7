import { SENSITIVE, type BodyPath } from '@atlas-cmk/planner';
import { StepError } from './step-error.js';

/** Turns a plan's secret reference (`${env:NAME}`, `${file:path}`) into the secret's value. */
export type ResolveSecret = (ref: string) => string;

/**
 * A copy of a planned request body with the `{"$secretRef": ref}` marker at each of `secretPaths` (the
 * fields the desired-state schema declares secret, as `requestSecretPaths` maps them onto this request)
 * replaced by the resolved value, made just before sending so the value lives only in the request. A marker
 * anywhere else, or a literal secret (`(sensitive value)`), is refused with a {@link StepError} before
 * anything is resolved: a reference is never turned into a value in a field that is not secret. Messages
 * name the reference, never a value.
 */
export function resolveSecrets<T>(body: T, resolveSecret: ResolveSecret, secretPaths: readonly BodyPath[]): T {
  const misplaced = findMarkers(body, []).find((path) => !secretPaths.some((allowed) => samePath(allowed, path)));
  if (misplaced !== undefined) {
    throw new StepError({
      message: `The request carries a secret reference in ${misplaced.join('.') || 'its body'}, which is not a secret field; atlas-cmk resolves references only in secret fields.`,
      hint: 'Plan again from the desired-state files and apply the new plan.',
    });
  }
  return resolveValue(body, resolveSecret) as T;
}

/** Paths of every `$secretRef` marker and every `(sensitive value)` in the body. */
function findMarkers(value: unknown, path: string[]): string[][] {
  if (value === SENSITIVE) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => findMarkers(v, [...path, String(i)]));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if ('$secretRef' in record) return [path];
  return Object.entries(record).flatMap(([k, v]) => findMarkers(v, [...path, k]));
}

function samePath(a: BodyPath, b: readonly string[]): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
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
  if ('$secretRef' in record) {
    if (typeof ref !== 'string' || Object.keys(record).length !== 1) {
      throw new StepError({
        message: 'The request carries a malformed secret reference.',
        hint: 'Plan again from the desired-state files and apply the new plan.',
      });
    }
    return resolveOne(ref, resolveSecret);
  }
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
