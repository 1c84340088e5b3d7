import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve, isAbsolute, sep } from 'node:path';
import type { SecretSource } from '../model.js';
import { describeIoError } from './read-source.js';

const ENV_REFERENCE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
const FILE_REFERENCE = /^\$\{file:([^}]+)\}$/;

/**
 * Classifies a `secret` value: `${env:NAME}` and `${file:path}` are references; anything else is the
 * secret itself, of which only the fact that it was there is kept (the value is dropped here, so no
 * later stage can print it).
 */
export function parseSecretSource(value: string): SecretSource {
  const env = ENV_REFERENCE.exec(value);
  if (env?.[1] !== undefined) return { kind: 'env', name: env[1], raw: value };
  const file = FILE_REFERENCE.exec(value);
  if (file?.[1] !== undefined) return { kind: 'file', path: file[1], raw: value };
  return { kind: 'literal' };
}

/** The outcome of {@link resolveSecret}: the value, or a message that names the reference but never a value. */
export type ResolvedSecret = { ok: true; value: string } | { ok: false; message: string };

/** Where {@link resolveSecret} looks for referenced values. */
export interface ResolveSecretOptions {
  /** The environment to read `${env:NAME}` from (normally `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** The folder of the desired-state file: `${file:path}` is relative to it. */
  baseDir: string;
  /**
   * The folder a `${file:…}` must resolve inside, symlinks followed. Defaults to {@link secretFileRoot} of
   * `baseDir`: the repository root, or the desired-state file's folder outside git.
   */
  root?: string;
  /** Files the user allowed explicitly outside the root (`--allow-secret-file`), as absolute paths. */
  allowedFiles?: readonly string[];
}

/**
 * Where `${file:…}` references may point: the root of the git repository holding `folder` (the nearest
 * ancestor with a `.git` entry), or `folder` itself outside git; symlinks followed.
 */
export function secretFileRoot(folder: string): string {
  let real: string;
  try {
    real = realpathSync(folder);
  } catch {
    return resolve(folder);
  }
  for (let dir = real; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return real;
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Reads the value a secret reference points at, for plan and apply (`check` never needs it). A file's
 * content loses one trailing newline. A missing or empty value, an unreadable file and a literal secret
 * are failures whose message says what to fix and never contains the secret.
 */
export function resolveSecret(source: SecretSource, options: ResolveSecretOptions): ResolvedSecret {
  switch (source.kind) {
    case 'env': {
      const value = options.env[source.name];
      if (value === undefined)
        return { ok: false, message: `environment variable ${source.name} is not set (needed by ${source.raw})` };
      if (value === '')
        return { ok: false, message: `environment variable ${source.name} is empty (needed by ${source.raw})` };
      return { ok: true, value };
    }
    case 'file': {
      const path = resolve(options.baseDir, source.path);
      let real: string;
      try {
        real = realpathSync(path);
      } catch (error) {
        return { ok: false, message: `secret file ${describeIoError(error, path)} (needed by ${source.raw})` };
      }
      const root = options.root ?? secretFileRoot(options.baseDir);
      const allowed = (options.allowedFiles ?? []).map(realOrSelf);
      if (!isInside(real, root) && !allowed.includes(real)) {
        return {
          ok: false,
          message: `secret file ${source.raw} resolves to ${real}, outside ${root}; keep secret files in the repository, or allow this one with --allow-secret-file ${real}`,
        };
      }
      let content: string;
      try {
        content = readFileSync(real, 'utf8');
      } catch (error) {
        return { ok: false, message: `secret file ${describeIoError(error, path)} (needed by ${source.raw})` };
      }
      const value = content.replace(/\r?\n$/, '');
      if (value === '') return { ok: false, message: `secret file ${path} is empty (needed by ${source.raw})` };
      return { ok: true, value };
    }
    case 'literal':
      return {
        ok: false,
        message: 'the secret is written in the desired-state file itself; replace it with ${env:NAME} or ${file:path}',
      };
    default:
      return assertNever(source);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected secret source ${JSON.stringify(value)}`);
}
