import { LineCounter, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { syntaxProblem } from './syntax-problem.js';

const HEAD = ['apiVersion: atlas-cmk/v1', 'kind: ProjectEncryption', 'metadata:', '  name: payments-prod', 'spec:'];

/** The problems of every document of `text`, located as `line:column`. */
function problems(text: string): string[] {
  const lines = new LineCounter();
  return parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, logLevel: 'error' })
    .map((d) => syntaxProblem(d.errors, text, d.range[0]))
    .filter((p) => p !== undefined)
    .map((p) => {
      const { line, col } = lines.linePos(p.offset);
      return `${line}:${col} ${p.message}`;
    });
}

describe('syntaxProblem', () => {
  it('reports one over-indented line once, at that line, in plain words', () => {
    const text = [...HEAD, '  projectId: 66c9e8f1dd6c9960802420e9', '   azureKeyVault:', '    enabled: true', ''].join(
      '\n',
    );
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^7:4 This line is indented further than the key above it/);
  });

  it('says once that tabs cannot indent YAML, at the first tab, however many lines use tabs', () => {
    const text = [...HEAD, '\tprojectId: 66c9e8f1dd6c9960802420e9', '\tazureKeyVault:', '\t\tenabled: true', ''].join(
      '\n',
    );
    expect(problems(text)).toEqual([
      '6:1 Tabs cannot indent YAML: indent with spaces instead (this is the first line indented with a tab).',
    ]);
  });

  it('finds the tab of each document in its own document', () => {
    const good = [...HEAD, '  projectId: 66c9e8f1dd6c9960802420e9', ''].join('\n');
    const text = `${good}---\n${[...HEAD, '  projectId: x', '\t  azureKeyVault: {}', ''].join('\n')}`;
    expect(problems(text)).toEqual([
      '14:1 Tabs cannot indent YAML: indent with spaces instead (this is the first line indented with a tab).',
    ]);
  });

  it('reports a key that appears twice once, in plain words', () => {
    const text = [...HEAD, '  projectId: a', '  projectId: b', ''].join('\n');
    expect(problems(text)).toEqual(['7:3 This key appears twice in the same mapping: keep one of them.']);
  });

  it('says in plain words that keys of one mapping must line up', () => {
    const text = [...HEAD, '    projectId: a', '  azureKeyVault: {}', ''].join('\n');
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/This line does not start in the same column as the keys beside it/);
  });

  it('keeps one problem for other errors, the first in the document', () => {
    const text = [...HEAD, '  projectId: "unterminated', '  other: [1, 2', ''].join('\n');
    expect(problems(text)).toHaveLength(1);
  });
});
