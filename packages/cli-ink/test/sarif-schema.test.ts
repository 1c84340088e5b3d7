import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Ajv as AjvInstance, Options } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// The official SARIF 2.1.0 JSON Schema (OASIS, rtm.5), as Microsoft's SARIF SDK ships it.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;

// Both packages are CommonJS: under NodeNext a default import may be the export or a `{ default }` wrapper.
type AjvClass = new (options: Options) => AjvInstance;
const unwrap = <T>(m: unknown): T => (typeof m === 'function' ? m : (m as { default: T }).default) as T;
const Draft04 = unwrap<AjvClass>(ajvDraft04);
const addFormats = unwrap<(ajv: AjvInstance) => AjvInstance>(ajvFormats);

describe('check --format sarif', () => {
  it('is valid against the official SARIF 2.1.0 schema, with rule metadata and located results', async () => {
    const r = await runCli(['check', '--format', 'sarif', 'policies/fixtures/']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: unknown[] } }; results: unknown[] }[] };
    const ajv = new Draft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(sarif.runs[0]!.tool.driver.rules.length).toBeGreaterThanOrEqual(14);
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(10);
  });
});
