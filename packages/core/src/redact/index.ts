export { redactSecrets, secretForms, type SecretForms } from './redact-secrets.js';
export { CREDENTIAL_VARIABLES, knownSecrets } from './known-secrets.js';
