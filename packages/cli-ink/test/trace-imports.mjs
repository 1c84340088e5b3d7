// Loaded with `node --import`: records every module the process loads into ATLAS_CMK_TRACE_FILE (ES modules by
// URL, CommonJS modules by file URL), so a test can prove which packages a command pulls in (check must not load
// ink or react).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

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

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  const url = file.startsWith('/') ? pathToFileURL(file).href : `node:${file.replace(/^node:/, '')}`;
  if (process.env.ATLAS_CMK_TRACE_FILE) appendFileSync(process.env.ATLAS_CMK_TRACE_FILE, `${url}\n`);
  return file;
};
