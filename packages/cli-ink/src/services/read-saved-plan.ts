import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readPlan, type Plan } from '@atlas-cmk/planner';
import { ToolError } from '../cli-io.js';
import { signatureProblem } from './plan-signature.js';

/**
 * Read a plan saved by `atlas-cmk plan --out FILE`; an unreadable or invalid file is a ToolError (exit 1). With
 * `key` (ATLAS_CMK_PLAN_KEY), the plan is read only when its detached signature `FILE.sig` matches its bytes.
 */
export async function readSavedPlan(path: string, cwd: string, key?: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new ToolError(`cannot read the plan ${path}: ${(error as Error).message}`, 1, { cause: error });
  }
  if (key !== undefined) {
    const problem = signatureProblem(resolve(cwd, path), text, key, path);
    if (problem) throw new ToolError(`refusing to apply ${path}: ${problem}. Nothing was changed.`, 1);
  }
  const read = readPlan(text);
  if (read.kind === 'invalid') throw new ToolError(`${path}: ${read.message}`, 1);
  return read.plan;
}
