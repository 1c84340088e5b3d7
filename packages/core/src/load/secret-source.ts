import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
      let content: string;
      try {
        content = readFileSync(path, 'utf8');
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
