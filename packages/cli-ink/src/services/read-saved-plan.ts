import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readPlan, type Plan } from '@atlas-cmk/planner';
import { ToolError } from '../cli-io.js';

/** Read a plan saved by `atlas-cmk plan --out FILE`; an unreadable or invalid file is a ToolError (exit 1). */
export async function readSavedPlan(path: string, cwd: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new ToolError(`cannot read the plan ${path}: ${(error as Error).message}`, 1, { cause: error });
  }
  const read = readPlan(text);
  if (read.kind === 'invalid') throw new ToolError(`${path}: ${read.message}`, 1);
  return read.plan;
}
