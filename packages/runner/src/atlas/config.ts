import { checkBaseUrl } from '../http/base-url.js';

/** Default Atlas base URL (public cloud). */
export const DEFAULT_ATLAS_BASE_URL = 'https://cloud.mongodb.com';

/** How the client authenticates to Atlas. */
export type AtlasCredentials =
  | { kind: 'serviceAccount'; clientId: string; clientSecret: string }
  | { kind: 'apiKey'; publicKey: string; privateKey: string };

/** Everything needed to talk to Atlas. */
export interface AtlasConfig {
  /** Origin of the Atlas API, e.g. `https://cloud.mongodb.com`; plain `http://` only to loopback. */
  baseUrl: string;
  credentials: AtlasCredentials;
}

/** Result of {@link atlasConfigFromEnv}: a config with warnings, or an actionable message. */
export type AtlasConfigResult =
  { kind: 'ok'; config: AtlasConfig; warnings: string[] } | { kind: 'error'; message: string; missing: string[] };

const first = (env: Readonly<Record<string, string | undefined>>, names: readonly string[]): string | undefined =>
  names.map((name) => env[name]?.trim()).find((value) => value !== undefined && value !== '');

/**
 * Read Atlas settings from environment variables, following the Atlas CLI and Terraform provider:
 * `MONGODB_ATLAS_BASE_URL`, `MONGODB_ATLAS_CLIENT_ID` + `MONGODB_ATLAS_CLIENT_SECRET` (service account,
 * preferred) or `MONGODB_ATLAS_PUBLIC_API_KEY` + `MONGODB_ATLAS_PRIVATE_API_KEY` (HTTP Digest; the
 * Terraform fallbacks `MONGODB_ATLAS_PUBLIC_KEY`/`MONGODB_ATLAS_PRIVATE_KEY` are accepted). Never returns a
 * secret value inside a message.
 */
export function atlasConfigFromEnv(env: Readonly<Record<string, string | undefined>>): AtlasConfigResult {
  const warnings: string[] = [];
  const baseUrl = first(env, ['MONGODB_ATLAS_BASE_URL']) ?? DEFAULT_ATLAS_BASE_URL;
  const urlProblem = checkBaseUrl(baseUrl, 'MONGODB_ATLAS_BASE_URL');
  if (urlProblem) return { kind: 'error', message: urlProblem, missing: [] };

  const clientId = first(env, ['MONGODB_ATLAS_CLIENT_ID']);
  const clientSecret = first(env, ['MONGODB_ATLAS_CLIENT_SECRET']);
  const publicKey = first(env, ['MONGODB_ATLAS_PUBLIC_API_KEY', 'MONGODB_ATLAS_PUBLIC_KEY']);
  const privateKey = first(env, ['MONGODB_ATLAS_PRIVATE_API_KEY', 'MONGODB_ATLAS_PRIVATE_KEY']);

  if (publicKey?.startsWith('mdb_sa')) {
    return {
      kind: 'error',
      message:
        'MONGODB_ATLAS_PUBLIC_API_KEY holds a service account client id (it starts with "mdb_sa"). ' +
        'Set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET instead, and unset the API key variables.',
      missing: [],
    };
  }
  const hasApiKey = publicKey !== undefined && privateKey !== undefined;
  if (clientId !== undefined && clientSecret !== undefined) {
    if (publicKey !== undefined || privateKey !== undefined) {
      warnings.push(
        'Both service account and API key credentials are set; using the service account (MONGODB_ATLAS_CLIENT_ID).',
      );
    }
    return {
      kind: 'ok',
      config: { baseUrl, credentials: { kind: 'serviceAccount', clientId, clientSecret } },
      warnings,
    };
  }
  if (hasApiKey) {
    if (clientId !== undefined || clientSecret !== undefined) {
      const missing = clientId === undefined ? 'MONGODB_ATLAS_CLIENT_ID' : 'MONGODB_ATLAS_CLIENT_SECRET';
      warnings.push(`The service account is incomplete (${missing} is not set); using the API key instead.`);
    }
    return { kind: 'ok', config: { baseUrl, credentials: { kind: 'apiKey', publicKey, privateKey } }, warnings };
  }

  const missing =
    clientId !== undefined || clientSecret !== undefined
      ? [clientId === undefined ? 'MONGODB_ATLAS_CLIENT_ID' : 'MONGODB_ATLAS_CLIENT_SECRET']
      : publicKey !== undefined || privateKey !== undefined
        ? [publicKey === undefined ? 'MONGODB_ATLAS_PUBLIC_API_KEY' : 'MONGODB_ATLAS_PRIVATE_API_KEY']
        : ['MONGODB_ATLAS_CLIENT_ID', 'MONGODB_ATLAS_CLIENT_SECRET'];
  return {
    kind: 'error',
    message:
      `No usable Atlas credentials: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ` +
      'Set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account, recommended), ' +
      'or MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (a programmatic API key).',
    missing,
  };
}
