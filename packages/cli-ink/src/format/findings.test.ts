import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '@atlas-cmk/core';
import { makePaint } from '../color.js';
import type { FindingsReport } from './findings.js';
import { formatFindingsGithub, GITHUB_ANNOTATION_LIMIT } from './findings-github.js';
import { formatFindingsJson } from './findings-json.js';
import { formatFindingsSarif } from './findings-sarif.js';
import { formatFindingsText } from './findings-text.js';

const PROJECT = '66c9e8f1dd6c9960802420e9';

function finding(over: Partial<Diagnostic>): Diagnostic {
  return {
    code: 'cmk/key-identifier-format',
    ruleId: 'cmk/key-identifier-format',
    severity: 'error',
    message: 'keyIdentifier must be a full versioned key URL',
    file: 'examples/payments-prod.yaml',
    line: 17,
    column: 20,
    projectId: PROJECT,
    helpUri: 'https://www.mongodb.com/docs/atlas/security-azure-kms/',
    ...over,
  };
}

function report(findings: Diagnostic[]): FindingsReport {
  return {
    findings,
    rules: [
      {
        id: 'cmk/key-identifier-format',
        description: 'keyIdentifier is the full versioned key URL',
        severity: 'error',
        helpUri: 'https://www.mongodb.com/docs/atlas/security-azure-kms/',
      },
    ],
    files: ['examples/payments-prod.yaml'],
    counts: { pass: 6, fail: 1, skip: 0, waived: 0 },
    toolVersion: '0.1.0',
  };
}

describe('text findings', () => {
  it('prints file:line:column, severity, message and rule id, then a summary', () => {
    const out = formatFindingsText(report([finding({})]), makePaint(false));
    expect(out).toContain(
      'examples/payments-prod.yaml:17:20  error  keyIdentifier must be a full versioned key URL  [cmk/key-identifier-format]',
    );
    expect(out.trim().split('\n').at(-1)).toBe('1 file checked: 1 error, 0 warnings.');
  });

  it('says clean when there is nothing, and shows waived findings with their reason', () => {
    expect(formatFindingsText(report([]), makePaint(false))).toBe('✓ 1 file checked, no problems.\n');
    const out = formatFindingsText(
      report([finding({ waived: { reason: 'EU retiring', expires: '2027-03-31' } })]),
      makePaint(false),
    );
    expect(out).toContain('waived until 2027-03-31: EU retiring');
    expect(out).toContain('no problems (1 waived)');
  });

  it('colours only when asked', () => {
    expect(formatFindingsText(report([finding({})]), makePaint(true))).toContain('\u001b[31merror');
    expect(formatFindingsText(report([finding({})]), makePaint(false))).not.toContain('\u001b[');
  });
});

describe('json findings', () => {
  it('carries ruleId, severity, message, file, line, column and projectId', () => {
    const parsed = JSON.parse(formatFindingsJson(report([finding({})]))) as {
      findings: Record<string, unknown>[];
      summary: { error: number };
    };
    expect(parsed.findings[0]).toMatchObject({
      ruleId: 'cmk/key-identifier-format',
      severity: 'error',
      message: 'keyIdentifier must be a full versioned key URL',
      file: 'examples/payments-prod.yaml',
      line: 17,
      column: 20,
      projectId: PROJECT,
    });
    expect(parsed.summary.error).toBe(1);
  });

  it('uses the loader code as ruleId for non-policy problems and null for an unknown project', () => {
    const parsed = JSON.parse(
      formatFindingsJson(report([finding({ code: 'yaml/syntax', ruleId: undefined, projectId: undefined })])),
    ) as {
      findings: Record<string, unknown>[];
    };
    expect(parsed.findings[0]).toMatchObject({ ruleId: 'yaml/syntax', projectId: null });
  });
});

describe('sarif findings', () => {
  it('is SARIF 2.1.0 with rule metadata and located results', () => {
    const sarif = JSON.parse(
      formatFindingsSarif(report([finding({}), finding({ code: 'schema/invalid', ruleId: undefined, line: 3 })])),
    ) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; helpUri?: string; defaultConfiguration: { level: string } }[] } };
        results: Record<string, unknown>[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['cmk/key-identifier-format', 'schema/invalid']);
    expect(run.tool.driver.rules[0]).toMatchObject({
      helpUri: 'https://www.mongodb.com/docs/atlas/security-azure-kms/',
      defaultConfiguration: { level: 'error' },
    });
    expect(run.results[1]).toMatchObject({
      ruleId: 'schema/invalid',
      ruleIndex: 1,
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'examples/payments-prod.yaml' },
            region: { startLine: 3, startColumn: 20 },
          },
        },
      ],
    });
  });

  it('marks waived findings as suppressed', () => {
    const sarif = JSON.parse(
      formatFindingsSarif(report([finding({ waived: { reason: 'EU retiring', expires: '2027-03-31' } })])),
    ) as {
      runs: { results: { suppressions?: { kind: string; justification: string }[] }[] }[];
    };
    expect(sarif.runs[0]!.results[0]!.suppressions).toEqual([
      { kind: 'inSource', justification: 'EU retiring (until 2027-03-31)' },
    ]);
  });
});

describe('github annotations', () => {
  it('escapes workflow-command properties and data', () => {
    const out = formatFindingsGithub(report([finding({ file: 'a,b:c.yaml', message: 'line one\nline two 100%' })]));
    expect(out.stdout).toContain(
      '::error file=a%2Cb%3Ac.yaml,line=17,col=20,title=cmk/key-identifier-format::line one%0Aline two 100%25',
    );
  });

  it('annotates at most 10 errors and 10 warnings and lists every finding in the summary', () => {
    const many = [
      ...Array.from({ length: 14 }, (_, i) => finding({ line: i + 1 })),
      ...Array.from({ length: 12 }, (_, i) => finding({ severity: 'warning', line: 100 + i })),
    ];
    const out = formatFindingsGithub(report(many));
    const errors = out.stdout.split('\n').filter((l) => l.startsWith('::error '));
    const warnings = out.stdout.split('\n').filter((l) => l.startsWith('::warning '));
    expect(errors).toHaveLength(GITHUB_ANNOTATION_LIMIT);
    expect(warnings).toHaveLength(GITHUB_ANNOTATION_LIMIT);
    expect(out.stdout).toContain('6 more finding(s) are listed in the job summary');
    expect(out.summary.split('\n').filter((l) => l.startsWith('| error') || l.startsWith('| warning'))).toHaveLength(
      26,
    );
  });

  it('keeps hostile files, messages and waiver reasons from changing the job summary', () => {
    const hostile =
      'x | y\n\n# forged\n<!-- hide` ``` **bold** [link](https://evil.example) <img src=x> @octocat \u001b[8m';
    const out = formatFindingsGithub(
      report([
        finding({ file: `${hostile}.yaml`, message: hostile }),
        finding({ message: 'plain', waived: { reason: hostile, expires: '2027-01-01' } }),
      ]),
    );
    const parser = new MarkdownIt({ html: true, linkify: true });
    const types = parser.parse(out.summary, {}).map((t) => t.type);
    expect(types.filter((t) => t === 'tr_open')).toHaveLength(3);
    expect(types.filter((t) => t === 'td_open')).toHaveLength(8);
    expect(types.filter((t) => t.startsWith('heading_open'))).toHaveLength(1);
    expect(types.some((t) => t.startsWith('html'))).toBe(false);
    const html = parser.render(out.summary);
    for (const tag of ['<a ', '<img', '<strong>', '<!--']) expect(html).not.toContain(tag);
    expect(out.summary).not.toContain('\u001b');
  });

  it('does not annotate waived findings', () => {
    const out = formatFindingsGithub(report([finding({ waived: { reason: 'r', expires: '2027-01-01' } })]));
    expect(out.stdout).not.toContain('::error');
    expect(out.summary).toContain('waived (r)');
  });
});
