import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readPlan, renderMarkdown } from '@atlas-cmk/planner';
import { githubConfigFromEnv, GitHubApiError, GitHubConfigError, postPlanComment } from '@atlas-cmk/runner';
import { parseCommandArgs } from '../args.js';
import { ToolError, UsageError, type CliIo } from '../cli-io.js';

/** Secrets a comment must never contain, whatever a bug upstream might have put in the plan. */
function knownSecrets(env: NodeJS.ProcessEnv): string[] {
  return [
    env.AZURE_CLIENT_SECRET,
    env.MONGODB_ATLAS_PRIVATE_API_KEY,
    env.MONGODB_ATLAS_PRIVATE_KEY,
    env.MONGODB_ATLAS_CLIENT_SECRET,
    env.GITHUB_TOKEN,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

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

  let text: string;
  try {
    text = await readFile(resolve(io.cwd, values.plan), 'utf8');
  } catch (error) {
    throw new ToolError(`cannot read the plan ${values.plan}: ${(error as Error).message}`, 1, { cause: error });
  }
  const read = readPlan(text);
  if (read.kind === 'invalid') throw new ToolError(`${values.plan}: ${read.message}`, 1);

  const config = await githubConfigFromEnv(io.env, (path) => readFile(path, 'utf8'), {
    ...(values['pull-request'] !== undefined ? { pullNumber: values['pull-request'] } : {}),
  });
  if (config.kind === 'error') throw new ToolError(config.message, 1);
  try {
    const result = await postPlanComment({
      config: config.config,
      markdownPlan: renderMarkdown(read.plan),
      ...(values.key ? { key: values.key } : {}),
      noChanges: read.plan.summary.steps === 0,
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
