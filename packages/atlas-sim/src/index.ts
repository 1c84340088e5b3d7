export { startSimulator } from './server.js';
export type { SimOptions, RunningSim } from './sim-options.js';
export { loadFixtureFile, parseFixture, FixtureError, type FixtureProblem } from './load-fixture.js';
export type * from './fixture-types.js';
export type { FaultPlan, FaultRule, FaultKind } from './faults.js';
export type { SimRequestLogEntry } from './request-log.js';
export { ContractValidator, contractCandidates } from './contract-validator.js';
export { convertComponents, convertSchema } from './openapi-to-json-schema.js';
export { operationVersions } from './versioning.js';
export { digestRealm } from './digest-auth.js';
export {
  simEnvironment,
  formatEnvLines,
  envFileText,
  azCloudRegisterCommand,
  azCommentLines,
  writeOwnerOnlyFile,
  type SimEnvEntry,
} from './sim-env.js';
export { armPecApiVersions, armSubscriptionApiVersions, keyVaultApiVersions } from './azure-api-versions.js';
export { ENDPOINT_EXISTS_CODE, type SecondEndpointModel } from './second-endpoint.js';
