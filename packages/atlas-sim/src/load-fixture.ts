import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { ErrorObject } from 'ajv';
import { createAjv } from './ajv-factory.js';
import { fixtureSchema } from './fixture-schema.js';
import type { SimFixture } from './fixture-types.js';

/** One problem in a fixture file, located at `source:line:column`. */
export interface FixtureProblem {
  source: string;
  line: number;
  column: number;
  message: string;
}

/** Thrown for an unreadable or invalid fixture; `message` lists every problem with its location. */
export class FixtureError extends Error {
  constructor(
    readonly problems: FixtureProblem[],
    options?: { cause?: unknown },
  ) {
    super(problems.map((p) => `${p.source}:${p.line}:${p.column}: ${p.message}`).join('\n'), options);
    this.name = 'FixtureError';
  }
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the fixture' : `"${error.instancePath.slice(1).replaceAll('/', '.')}"`;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown field "${String(error.params['additionalProperty'])}"`;
    case 'required':
      return `${where} is missing the required field "${String(error.params['missingProperty'])}"`;
    case 'enum':
      return `${where} must be one of ${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern':
      return `${where} does not match the expected format ${String(error.params['pattern'])}`;
    case 'format':
      return `${where} must be a ${String(error.params['format'])} (e.g. 2026-01-01T00:00:00Z for date-time)`;
    case 'type':
      return `${where} must be of type ${String(error.params['type'])}`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

/** Parses and validates fixture text (YAML or JSON). Throws FixtureError with located problems. */
export function parseFixture(text: string, source: string): SimFixture {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new FixtureError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { source, line: pos.line, column: pos.col, message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  const value: unknown = doc.toJS();
  const validate = createAjv({ allErrors: true, strict: true }).compile(fixtureSchema);
  if (validate(value)) return value as unknown as SimFixture;
  // Deduplicate anyOf noise: keep the deepest, most specific errors.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf');
  throw new FixtureError(
    errors.map((error) => {
      const path = error.instancePath
        .split('/')
        .slice(1)
        .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg.replaceAll('~1', '/').replaceAll('~0', '~')));
      const node = doc.getIn(path, true);
      const offset = isNode(node) && node.range ? node.range[0] : 0;
      const pos = lineCounter.linePos(offset);
      return { source, line: pos.line, column: pos.col, message: describe(error) };
    }),
  );
}

/** Reads a fixture file (YAML or JSON). Throws FixtureError naming the file, line and column of each problem. */
export async function loadFixtureFile(path: string): Promise<SimFixture> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new FixtureError(
      [
        {
          source: path,
          line: 1,
          column: 1,
          message: `cannot read the fixture file (${(cause as NodeJS.ErrnoException).code ?? 'error'})`,
        },
      ],
      { cause },
    );
  }
  return parseFixture(text, path);
}
