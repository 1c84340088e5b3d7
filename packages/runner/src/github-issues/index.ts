export { driftIssueConfigFromEnv, type DriftIssueConfig } from './drift-issue-config.js';
export { createIssueOctokit, type DriftIssueOctokit, type IssueOctokitOptions } from './issue-octokit.js';
export { keepDriftIssue, type DriftIssueAction, type KeepDriftIssueInput } from './keep-drift-issue.js';
