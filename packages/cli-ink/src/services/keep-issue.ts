import { driftMarker, renderDriftMarkdown, type DriftReport } from '@atlas-cmk/planner';
import {
  createIssueOctokit,
  driftIssueConfigFromEnv,
  keepDriftIssue,
  redactSecrets,
  type DriftIssueAction,
} from '@atlas-cmk/runner';
import { ToolError } from '../cli-io.js';

/** Secret values of the environment that must never reach GitHub, whatever a bug upstream does. */
function knownSecrets(env: NodeJS.ProcessEnv): (string | undefined)[] {
  return [
    env.AZURE_CLIENT_SECRET,
    env.MONGODB_ATLAS_PRIVATE_API_KEY,
    env.MONGODB_ATLAS_PRIVATE_KEY,
    env.MONGODB_ATLAS_CLIENT_SECRET,
    env.GITHUB_TOKEN,
  ];
}

/**
 * Keep the repository's drift issue in step with the report (`drift --github-issue`): open on drift, update while
 * it lasts, close when it is gone. The body is the markdown report with every known secret value replaced.
 * Configuration and GitHub failures are a `ToolError` (exit 1) whose message never contains the token.
 */
export async function keepIssueFor(
  report: DriftReport,
  options: { env: NodeJS.ProcessEnv; key: string; author?: string; signal?: AbortSignal },
): Promise<DriftIssueAction> {
  const config = driftIssueConfigFromEnv(options.env);
  if (config.kind === 'error') throw new ToolError(config.message, 1);
  const octokit = await createIssueOctokit(config.config);
  const { drifted, projects } = report.summary;
  const body = redactSecrets(renderDriftMarkdown(report, { key: options.key }), knownSecrets(options.env));
  try {
    return await keepDriftIssue({
      octokit,
      owner: config.config.owner,
      repo: config.config.repo,
      marker: driftMarker(options.key),
      drifted: drifted > 0,
      title: `atlas-cmk: drift in ${drifted} of ${projects} project${projects === 1 ? '' : 's'}`,
      body,
      ...(options.author ? { author: options.author } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 403 || status === 404
        ? ' The token needs `issues: write` on this repository (in a workflow: `permissions: issues: write`).'
        : '';
    const message = redactSecrets(error instanceof Error ? error.message : String(error), knownSecrets(options.env));
    throw new ToolError(
      `could not keep the drift issue in ${config.config.owner}/${config.config.repo}${status ? ` (HTTP ${status})` : ''}: ${message}.${hint}`,
      1,
      { cause: error },
    );
  }
}
