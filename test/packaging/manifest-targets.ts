/** The parts of a package.json that name files the package must carry. */
export interface Manifest {
  name: string;
  version: string;
  exports?: unknown;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * Every file a consumer can reach through `exports` and `bin`, as paths relative to the package. The `source`
 * condition is left out: it points at TypeScript sources that only the workspace's own tests resolve, and Node
 * never picks it. Wildcard targets (`./schema/*`) are returned as their folder (`schema/`).
 */
export function manifestTargets(manifest: Manifest): string[] {
  const targets = new Set<string>();
  const walk = (value: unknown, condition: string | undefined): void => {
    if (condition === 'source') return;
    if (typeof value === 'string') {
      if (value.startsWith('./')) targets.add(value.slice(2).replace(/\*.*$/, ''));
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) walk(inner, key.startsWith('.') ? undefined : key);
    }
  };
  walk(manifest.exports, undefined);
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const bin of bins) targets.add(bin.replace(/^\.\//, ''));
  return [...targets].sort();
}

/** Dependency specifiers only a workspace understands (`workspace:*`, `catalog:`), as `name@spec` strings. */
export function workspaceOnlySpecifiers(manifest: Manifest): string[] {
  const found: string[] = [];
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
    const deps = manifest[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, spec] of Object.entries(deps as Record<string, string>)) {
      if (/^(workspace|catalog):/.test(spec)) found.push(`${name}@${spec}`);
    }
  }
  return found;
}
