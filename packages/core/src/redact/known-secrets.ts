/**
 * Environment variables that hold a credential atlas-cmk uses or that its CI run can see. Their values are
 * removed from everything atlas-cmk prints or posts, whatever a bug upstream or a server's echo put there.
 */
export const CREDENTIAL_VARIABLES: readonly string[] = [
  'AZURE_CLIENT_SECRET',
  'MONGODB_ATLAS_PRIVATE_API_KEY',
  'MONGODB_ATLAS_PRIVATE_KEY',
  'MONGODB_ATLAS_CLIENT_SECRET',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
];

/** The values of {@link CREDENTIAL_VARIABLES} that are set and not empty. */
export function knownSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  return CREDENTIAL_VARIABLES.map((name) => env[name]).filter((v): v is string => typeof v === 'string' && v !== '');
}
