import type { NodePath } from '../document.js';

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}|\$\{index\}/g;

/**
 * Fill a message or `locate` template: `{{ path.to.fact }}` takes that value of `data` (dotted path,
 * numeric segments index arrays), `${index}` takes `index`. Arrays print comma-separated, a missing value
 * prints `(none)`. `data` is a facts document, which holds no secret, so the result cannot leak one.
 */
export function renderTemplate(template: string, data: unknown, index?: number): string {
  return template.replace(PLACEHOLDER, (whole, path: string | undefined) => {
    if (path === undefined) return index === undefined ? whole : String(index);
    return formatValue(getDotted(data, path));
  });
}

/** The value at a dotted path (`desired.azureKeyVault.keyVaultName`, `item.regions.0`), or undefined. */
export function getDotted(data: unknown, path: string): unknown {
  return walk(data, path.split('.'));
}

function walk(data: unknown, segments: readonly string[]): unknown {
  let current: unknown = data;
  for (const segment of segments) {
    if (segment === '') continue;
    if (Array.isArray(current)) current = /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
    else if (current !== null && typeof current === 'object') current = (current as Record<string, unknown>)[segment];
    else return undefined;
  }
  return current;
}

/** The value at a JSON pointer (RFC 6901), or undefined. */
export function getPointer(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  const segments = pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return walk(data, segments);
}

/** Turn a rendered `locate` string (`spec.clusters.2.name`) into a document path. */
export function toNodePath(located: string): NodePath {
  return located
    .split('.')
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(formatValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
