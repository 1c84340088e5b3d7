import { readFile } from 'node:fs/promises';
import { knownSecrets } from '@atlas-cmk/core';
import { renderMarkdown } from '@atlas-cmk/planner';
import { githubConfigFromEnv, GitHubApiError, GitHubConfigError, postPlanComment } from '@atlas-cmk/runner';
import { parseCommandArgs } from '../args.js';
import { ToolError, UsageError, type CliIo } from '../cli-io.js';
import { readSavedPlan } from '../services/read-saved-plan.js';

/**
 * `atlas-cmk comment --plan FILE`: post the saved plan (from `plan --out`) as ONE sticky pull-request comment,
 * updated in place on every run. Exit 0 posted or unchanged, 1 failure.
 */
export async function runComment(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('comment', argv, {
    plan: { type: 'string' },
    key: { type: 'string' },
    'pull-request': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`comment takes no positional arguments; got "${positionals[0]}".`);
  if (!values.plan) throw new UsageError('comment needs --plan FILE (a plan saved with atlas-cmk plan --out FILE).');

  const plan = await readSavedPlan(values.plan, io.cwd);

  const config = await githubConfigFromEnv(io.env, (path) => readFile(path, 'utf8'), {
    ...(values['pull-request'] !== undefined ? { pullNumber: values['pull-request'] } : {}),
  });
  if (config.kind === 'error') throw new ToolError(config.message, 1);
  try {
    const result = await postPlanComment({
      config: config.config,
      markdownPlan: renderMarkdown(plan),
      ...(values.key ? { key: values.key } : {}),
      noChanges: plan.summary.steps === 0,
      secrets: knownSecrets(io.env),
    });
    const verb = result.action === 'created' ? 'Posted' : result.action === 'updated' ? 'Updated' : 'Unchanged:';
    io.stdout.write(`${verb} the plan comment on pull request #${config.config.pullNumber}: ${result.url}\n`);
    return 0;
  } catch (error) {
    if (error instanceof GitHubApiError || error instanceof GitHubConfigError)
      throw new ToolError(error.message, 1, { cause: error });
    throw error;
  }
}
