export { loadDesiredState } from './load-desired-state.js';
export type { LoadOptions, LoadResult } from './load-desired-state.js';
export { parseSecretSource, resolveSecret } from './secret-source.js';
export type { ResolvedSecret, ResolveSecretOptions } from './secret-source.js';
export { desiredStateSchemaId, desiredStateSchemaPath } from './schema-path.js';
