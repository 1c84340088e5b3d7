// Loaded with `node --import`: records every module URL the process loads into ATLAS_CMK_TRACE_FILE, so a test
// can prove which packages a command pulls in (check must not load ink or react).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.ATLAS_CMK_TRACE_FILE) appendFileSync(process.env.ATLAS_CMK_TRACE_FILE, result.url + '\\n');
  return result;
}
`),
);
