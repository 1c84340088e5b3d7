export { main, type CommandRun } from './main.js';
export type { CliIo } from './cli-io.js';
export { UsageError, ToolError } from './cli-io.js';
export * from './format/findings.js';
export { formatFindingsText } from './format/findings-text.js';
export { formatFindingsJson } from './format/findings-json.js';
export { formatFindingsSarif } from './format/findings-sarif.js';
export { formatFindingsGithub, GITHUB_ANNOTATION_LIMIT, type GithubOutput } from './format/findings-github.js';
