import { describe, expect, it } from 'vitest';
import { plan, renderJson, renderMarkdown, type Plan, type PlanFinding } from '../src/index.js';
import { GOLDEN_WORLDS } from './golden-worlds.js';
import { desired, live, loaded } from './world.js';

const warning: PlanFinding = {
  ruleId: 'cmk/key-rotation-backups',
  severity: 'warning',
  message: 'the key rotates while clusters orders have backups enabled',
  file: 'atlas/payments.yaml',
  line: 17,
  column: 20,
  projectId: '66c9e8f1dd6c9960802420e9',
};
const waived: PlanFinding = {
  ruleId: 'cmk/plan-max-destructive-steps',
  severity: 'error',
  message: 'this plan has 3 destructive steps',
  file: 'atlas/payments.yaml',
  line: 4,
  column: 9,
  projectId: '66c9e8f1dd6c9960802420e9',
  waived: { reason: 'region exit, ticket OPS-42', expires: '2027-01-31' },
};

describe('renderMarkdown with policy findings', () => {
  it('counts them in a summary and lists each, located, after the table and before the diffs', () => {
    const p: Plan = { ...plan(GOLDEN_WORLDS['rotate-and-repair']).plan, findings: [warning, waived] };
    const md = renderMarkdown(p);
    const policy = md.indexOf('<details><summary>Policy: 1 warning, 1 waived</summary>');
    expect(policy).toBeGreaterThan(md.indexOf('| `payments-prod` |'));
    expect(md.indexOf('| `payments-prod` |')).toBeGreaterThan(0);
    expect(md.indexOf('```diff')).toBeGreaterThan(policy);
    expect(md).toContain(
      '- **warning** `cmk/key-rotation-backups` `atlas/payments.yaml:17:20`: the key rotates while clusters orders have backups enabled\n',
    );
    expect(md).toContain(
      '- waived `cmk/plan-max-destructive-steps` `atlas/payments.yaml:4:9`: this plan has 3 destructive steps _(waived until 2027\\-01\\-31: region exit\\, ticket OPS\\-42)_\n',
    );
    // The findings are part of the JSON plan, so the marker's hash changes with them.
    expect(md.split('\n')[0]).not.toBe(renderMarkdown({ ...p, findings: [] }).split('\n')[0]);
    expect(JSON.parse(renderJson(p)).findings).toHaveLength(2);
  });

  it('shows them under "No changes" too, and nothing when there is none', () => {
    const empty = plan({
      documents: [loaded(desired())],
      live: new Map([[live().projectId, live({ cmk: true })]]),
    }).plan;
    expect(renderMarkdown({ ...empty, findings: [waived] })).toContain('**No changes.**');
    expect(renderMarkdown({ ...empty, findings: [waived] })).toContain('Policy: 1 waived');
    expect(renderMarkdown(empty)).not.toContain('Policy:');
  });

  it('keeps hostile text from changing the comment: no markup, no closing tag, line breaks shown escaped', () => {
    const hostile: PlanFinding = {
      ...warning,
      ruleId: 'acme/`x`',
      file: 'a`b.yaml',
      message: '</details>\n# owned <img src=x> [link](https://evil.example) @team',
    };
    const md = renderMarkdown({ ...plan(GOLDEN_WORLDS['rotate-and-repair']).plan, findings: [hostile] });
    const line = md.split('\n').find((l) => l.startsWith('- **warning**')) ?? '';
    expect(line).toBe(
      '- **warning** `` acme/`x` `` ``a`b.yaml:17:20``: \\<\\/details\\>\\\\n\\# owned \\<img src\\=x\\> \\[link\\]\\(https\\:\\/\\/evil\\.example\\) \\@team',
    );
    expect(md.match(/<\/details>/g)?.length).toBe(md.match(/<details>/g)?.length);
  });
});
