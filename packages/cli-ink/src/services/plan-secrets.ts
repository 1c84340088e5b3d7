import { dirname, isAbsolute, resolve } from 'node:path';
import { parseSecretSource, resolveSecret } from '@atlas-cmk/core';
import { requestSecretPaths, type Plan, type Step } from '@atlas-cmk/planner';
import { ToolError } from '../cli-io.js';

/** Where `${file:…}` references may point (see core `resolveSecret`). */
export interface SecretFilePolicy {
  /** The folder every secret file must resolve inside; by default the repository root of the desired-state file. */
  root?: string;
  /** Files allowed outside the root (`--allow-secret-file`), absolute. */
  allowedFiles: readonly string[];
}

/** The reference at `path` of a request body, or `undefined`; anything else there is left to the runner. */
function refAt(body: unknown, path: readonly string[]): string | undefined {
  let node: unknown = body;
  for (const key of path)
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  if (node === null || typeof node !== 'object') return undefined;
  const ref = (node as Record<string, unknown>).$secretRef;
  return typeof ref === 'string' ? ref : undefined;
}

/** The references a step sends: only those in the fields the schema declares secret. */
function stepRefs(step: Step): string[] {
  if (step.request === undefined) return [];
  return requestSecretPaths(step).flatMap((path) => {
    const ref = refAt(step.request?.body, path);
    return ref === undefined ? [] : [ref];
  });
}

/**
 * Resolve every secret reference a plan's requests carry in their secret fields, before any step runs, so a
 * missing variable or unreadable file stops the apply up front instead of half-way. `${file:…}` is relative to
 * the folder of the desired-state file that holds it and must resolve inside `files.root` (or the repository
 * of that file) unless allowed. A marker in any other field is never resolved (the runner refuses it). Returns
 * the resolver `executePlan` calls at the moment of sending and the values themselves (for scrubbing).
 * Messages name the reference, never a value.
 */
export function planSecretResolver(
  plan: Plan,
  env: NodeJS.ProcessEnv,
  cwd: string,
  files: SecretFilePolicy = { allowedFiles: [] },
): { resolve: (ref: string) => string; values: string[] } {
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const project of plan.projects) {
    const refs = new Set(project.steps.flatMap(stepRefs));
    const file = isAbsolute(project.file) ? project.file : resolve(cwd, project.file);
    for (const ref of refs) {
      if (values.has(ref)) continue;
      const source = parseSecretSource(ref);
      if (source.kind === 'literal') {
        problems.push(
          `project ${project.name}: the plan holds a literal secret; write it as \${env:NAME} or \${file:path} and plan again.`,
        );
        continue;
      }
      const resolved = resolveSecret(source, {
        env,
        baseDir: dirname(file),
        ...(files.root === undefined ? {} : { root: files.root }),
        allowedFiles: files.allowedFiles,
      });
      if (resolved.ok) values.set(ref, resolved.value);
      else problems.push(`project ${project.name}: ${resolved.message}`);
    }
  }
  if (problems.length > 0)
    throw new ToolError(`cannot resolve the secrets this plan sends:\n  ${problems.join('\n  ')}`, 1);
  return {
    resolve: (ref) => {
      const value = values.get(ref);
      if (value === undefined) throw new Error(`secret reference ${ref} was not resolved before the apply`);
      return value;
    },
    values: [...values.values()],
  };
}
