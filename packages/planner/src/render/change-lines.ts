import { parseKeyIdentifier, shortKey } from '../key-identifier.js';
import { SENSITIVE, type ChangeAction, type PatchOperation, type ResourceChange } from '../plan-types.js';

/** One line of a resource's diff: a symbol and its text, without indentation or colour. */
export interface DiffLine {
  symbol: '+' | '-' | '~' | '-/+' | '<=' | '#';
  text: string;
}

/** The symbol and phrase of each action, as Terraform prints them. */
export function actionSymbol(action: ChangeAction): { symbol: DiffLine['symbol']; phrase: string } {
  switch (action) {
    case 'create':
      return { symbol: '+', phrase: 'will be created' };
    case 'update':
      return { symbol: '~', phrase: 'will be updated in place' };
    case 'delete':
      return { symbol: '-', phrase: 'will be destroyed' };
    case 'replace':
      return { symbol: '-/+', phrase: 'must be replaced' };
    case 'read':
      return { symbol: '<=', phrase: 'is awaited' };
    case 'no-op':
      return { symbol: '#', phrase: 'is unchanged' };
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/**
 * The readable diff of one resource change: its header, the reason, a key rotation, then one line per
 * changed attribute (from the RFC 6902 patch, sorted by path), `azureKeyVault.` left out of names.
 */
export function changeLines(change: ResourceChange): DiffLine[] {
  const { symbol, phrase } = actionSymbol(change.action);
  const lines: DiffLine[] = [{ symbol, text: `${change.address} ${phrase}` }];
  if (change.reason) lines.push({ symbol: '#', text: change.reason });
  if (change.keyRotation) {
    const r = change.keyRotation;
    lines.push({ symbol: '#', text: `key rotation in vault ${r.vault}: ${shortKey(r.from)} -> ${shortKey(r.to)}` });
  }
  const ops = [...change.patch].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const op of ops) lines.push(...attributeLine(op, change.before));
  return lines;
}

function attributeLine(op: PatchOperation, before: Record<string, unknown> | null): DiffLine[] {
  const name = op.path.replace(/^\/(azureKeyVault\/)?/, '').replaceAll('/', '.');
  const old = pointer(before, op.path);
  switch (op.op) {
    case 'add':
      return [{ symbol: '+', text: `${name}: ${show(op.value)}` }];
    case 'remove':
      return [{ symbol: '-', text: `${name}: ${show(old)}` }];
    case 'replace': {
      const [a, b] = shortenKeys(old, op.value);
      return [{ symbol: '~', text: `${name}: ${a} -> ${b}` }];
    }
    default:
      return [{ symbol: '~', text: `${name}: ${op.op}` }];
  }
}

/** Two key URLs of one rotation are shown by key name and version: the rest is equal. */
function shortenKeys(a: unknown, b: unknown): [string, string] {
  if (typeof a === 'string' && typeof b === 'string') {
    const ka = parseKeyIdentifier(a);
    const kb = parseKeyIdentifier(b);
    if (ka && kb) return [`"…/${shortKey(ka)}"`, `"…/${shortKey(kb)}"`];
  }
  return [show(a), show(b)];
}

function show(value: unknown): string {
  if (value === SENSITIVE) return SENSITIVE;
  if (value === undefined) return '(none)';
  return JSON.stringify(value);
}

function pointer(doc: unknown, path: string): unknown {
  let node = doc;
  for (const raw of path.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
