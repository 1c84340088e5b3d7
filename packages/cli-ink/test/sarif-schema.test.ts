import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// The official SARIF 2.1.0 JSON Schema (OASIS, rtm.5), as Microsoft's SARIF SDK ships it.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;

describe('check --format sarif', () => {
  it('is valid against the official SARIF 2.1.0 schema, with rule metadata and located results', async () => {
    const r = await runCli(['check', '--format', 'sarif', 'policies/fixtures/']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as { runs: { tool: { driver: { rules: unknown[] } }; results: unknown[] }[] };
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv as never);
    const validate = ajv.compile(schema);
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(sarif.runs[0]!.tool.driver.rules.length).toBeGreaterThanOrEqual(14);
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(10);
  });
});
