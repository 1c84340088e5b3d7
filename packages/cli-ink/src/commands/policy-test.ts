import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { runPolicyTests, type PolicyTestReport } from '@atlas-cmk/core';
import { plansByProject } from '@atlas-cmk/planner';
import { builtinPackDir, builtinRulesDir } from '@atlas-cmk/policies';
import { oneOf, parseCommandArgs } from '../args.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { colorEnabled, makePaint, type Paint } from '../color.js';

function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

function formatReport(report: PolicyTestReport, paint: Paint, cwd: string, label: string): string {
  const lines = [paint.bold(`${label} (${display(report.packDir, cwd)})`)];
  for (const d of report.diagnostics)
    lines.push(`  ${paint.red('✗')} ${d.file}:${d.line}:${d.column}  ${d.message}  [${d.code}]`);
  const width = Math.max(40, ...report.rules.map((r) => r.ruleId.length + 1));
  for (const rule of report.rules) {
    const passed = rule.fixtures.filter((f) => f.ok).length;
    const mark = rule.ok ? paint.green('✓') : paint.red('✗');
    lines.push(`  ${mark} ${rule.ruleId.padEnd(width)} ${passed}/${rule.fixtures.length} fixtures`);
    for (const f of rule.fixtures.filter((x) => !x.ok)) {
      lines.push(`      ${paint.red('✗')} ${f.expected} ${display(f.file, cwd)}: ${f.reason ?? 'unexpected result'}`);
    }
    for (const p of rule.problems) lines.push(`      ${paint.red('✗')} ${p}`);
  }
  const c = report.counts;
  lines.push(`  ${c.rules} rules, ${c.fixtures} fixtures: ${c.passed} passed, ${c.failed} failed`);
  return lines.join('\n') + '\n';
}

/**
 * `atlas-cmk policy test [DIR…]`: run every rule's pass/fail fixtures of the built-in pack (no DIR) or of user
 * packs. User packs are tested with the built-in rules loaded beside them, as `check --policy` evaluates them.
 * Fixtures of plan rules are planned by the real planner against their `.live.yaml` facts.
 */
export async function runPolicy(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'test') {
    throw new UsageError(
      sub === undefined ? 'policy needs a subcommand: test.' : `unknown policy subcommand "${sub}".`,
      "Run 'atlas-cmk policy --help'.",
    );
  }
  const { values, positionals } = parseCommandArgs('policy', rest, { format: { type: 'string' } });
  const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
  const packs =
    positionals.length === 0 ? [builtinPackDir] : positionals.map((p) => (isAbsolute(p) ? p : resolve(io.cwd, p)));
  for (const [i, dir] of packs.entries()) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new UsageError(
        `${positionals[i] ?? dir}: no such folder.`,
        'Give a pack folder that holds rules/ and fixtures/.',
      );
    }
    if (!existsSync(resolve(dir, 'rules'))) {
      throw new UsageError(
        `${positionals[i] ?? dir} has no rules/ folder.`,
        'A pack folder holds rules/*.yaml and fixtures/<rule-id>/{pass,fail}/*.yaml.',
      );
    }
  }
  const reports: PolicyTestReport[] = [];
  for (const dir of packs) {
    const builtin = resolve(dir) === resolve(builtinPackDir);
    // Plan rules judge the real planner's plan of each fixture against its live facts.
    const options = { computePlans: plansByProject, ...(builtin ? {} : { extraRuleDirs: [builtinRulesDir] }) };
    reports.push(await runPolicyTests(dir, options));
  }
  if (format === 'json') {
    io.stdout.write(JSON.stringify({ version: 1, ok: reports.every((r) => r.ok), packs: reports }, null, 2) + '\n');
  } else {
    const paint = makePaint(colorEnabled(io.env, io.stdout.isTTY === true));
    for (const r of reports)
      io.stdout.write(
        formatReport(r, paint, io.cwd, resolve(r.packDir) === resolve(builtinPackDir) ? 'built-in pack' : 'pack'),
      );
  }
  if (reports.some((r) => r.diagnostics.some((d) => d.code.startsWith('policy/') || d.code.startsWith('io/'))))
    return 2;
  return reports.every((r) => r.ok) ? 0 : 1;
}
