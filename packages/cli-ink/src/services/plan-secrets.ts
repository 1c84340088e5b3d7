import { dirname, isAbsolute, resolve } from 'node:path';
import { parseSecretSource, resolveSecret } from '@atlas-cmk/core';
import type { Plan } from '@atlas-cmk/planner';
import { ToolError } from '../cli-io.js';

function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, into);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.$secretRef === 'string') into.add(record.$secretRef);
    for (const v of Object.values(record)) collectRefs(v, into);
  }
}

/**
 * Resolve every secret reference a plan's requests carry, before any step runs, so a missing variable or
 * unreadable file stops the apply up front instead of half-way. `${file:…}` is relative to the folder of the
 * desired-state file that holds it. Returns the resolver `executePlan` calls at the moment of sending and the
 * values themselves (for scrubbing). Messages name the reference, never a value.
 */
export function planSecretResolver(
  plan: Plan,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { resolve: (ref: string) => string; values: string[] } {
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const project of plan.projects) {
    const refs = new Set<string>();
    for (const step of project.steps) if ('request' in step) collectRefs(step.request?.body, refs);
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
      const resolved = resolveSecret(source, { env, baseDir: dirname(file) });
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
