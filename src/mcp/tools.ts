// The OTP Advisor tools run, pure over an AnalysisSource: the MCP server reads projects from disk, the
// language server answers from its live state (unsaved buffers included). Same names, inputs and text.
import { relative } from 'node:path';
import { z } from 'zod';
import { askContext, DEFAULT_QUESTION, findingAt } from '../advisor/ask';
import { adviceFor } from '../analysis/rules/explanation/advice';
import type { Finding, JustifiedFinding } from '../analysis/engine';
import type { Phase } from '../analysis/phases';
import { ruleById, RULES } from '../analysis/rules';
import { ruleMarkdown } from '../analysis/rules/explanation/markdown';

import { DEFAULT_LIMIT, isToolName, MAX_TEXT, TOOL_NAMES, TOOLS, type AnalysisSource, type ToolInput, type ToolName, type ToolResult } from './tool-catalog';
import { cap, fail, guarded, phaseSource, posix, resolveInside, shown } from './tool-answers';
import { currentPhase, inventory } from './project-tools';
/** Validates untrusted input (the language server's path, where no SDK did) and runs the tool. */
export async function runTool(source: AnalysisSource, name: string, input: unknown): Promise<ToolResult> {
  if (!isToolName(name)) return fail(`Unknown tool "${name}". Tools: ${TOOL_NAMES.join(', ')}.`);
  const parsed = z.object(TOOLS[name].input).strict().safeParse(input ?? {});
  if (!parsed.success) return fail(`Invalid arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
  return HANDLERS[name](source, parsed.data as never);
}

export const HANDLERS: { [N in ToolName]: (source: AnalysisSource, input: ToolInput<N>) => Promise<ToolResult> } = {
  otp_check: check,
  otp_explain: async (_source, input) => explainRule(input),
  otp_context: context,
  otp_inventory: inventory,
  otp_phase: currentPhase,
};

type ShownFinding = {
  rule: string;
  name: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  module?: string;
  tests: { file: string; line: number; name: string }[];
};
type ShownJustified = { rule: string; name: string; file: string; line: number; module?: string; justifiedBy: { file: string; line: number; name: string; verifies: string[] } };

async function check(source: AnalysisSource, input: ToolInput<'otp_check'>): Promise<ToolResult> {
  return guarded(async () => {
    const { abs, base } = await resolveInside(source, input.path);
    const views = await source.projects(abs);
    if (!views.length) return fail(`${input.path ?? abs}: no Elixir project or file there.`);
    const findings: ShownFinding[] = [];
    const justified: ShownJustified[] = [];
    const phases = new Set<string>();
    let files = 0;
    for (const view of views) {
      const info = input.phase ? undefined : await source.phase(view);
      const judged: Phase = input.phase ?? info!.phase;
      phases.add(info ? `${judged} (${info.reason})` : judged);
      const analysis = view.project.analyze(judged);
      const keep = (f: { file: string }) => view.selected(f.file) && !view.project.isExcluded(f.file);
      files += view.project.allFacts().filter((f) => keep({ file: f.path })).length;
      for (const f of analysis.findings.filter(keep)) findings.push(showFinding(base, view.root, f));
      for (const j of analysis.justifiedFindings.filter(keep)) justified.push(showJustified(base, view.root, j));
    }
    const offset = input.offset ?? 0;
    const head = `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; phase ${[...phases].join('; ')}.`;
    const justifiedText = justified.length
      ? [
          '',
          `Justified by a test (not reported): ${justified.length}`,
          ...justified
            .slice(0, 50)
            .map((j) => `${j.file}:${j.line} ${j.rule} ${j.name} — ${j.justifiedBy.file}:${j.justifiedBy.line} "${j.justifiedBy.name}" verifies ${j.justifiedBy.verifies.join(', ')}`),
          ...(justified.length > 50 ? [`… and ${justified.length - 50} more.`] : []),
        ].join('\n')
      : '';
    // A page ends at the limit or where the text would outgrow MAX_TEXT, whichever comes first.
    const page: ShownFinding[] = [];
    const lines = [head];
    let size = head.length + justifiedText.length + 200;
    for (const f of findings.slice(offset, offset + (input.limit ?? DEFAULT_LIMIT))) {
      const line = `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.name}: ${f.message}`;
      if (page.length && size + line.length + 1 > MAX_TEXT) break;
      size += line.length + 1;
      page.push(f);
      lines.push(line);
    }
    const next = offset + page.length < findings.length ? offset + page.length : undefined;
    if (next !== undefined) lines.push(`… ${findings.length - next} more: call again with offset ${next}.`);
    else if (offset > 0) lines.push(`(findings ${offset + 1}–${offset + page.length} of ${findings.length})`);
    return {
      text: cap(lines.join('\n') + (justifiedText ? `\n${justifiedText}` : '')),
      data: { total: findings.length, offset, findings: page, justified, ...(next !== undefined ? { nextOffset: next } : {}) },
    };
  });
}

function showFinding(base: string, root: string, f: Finding): ShownFinding {
  return {
    rule: f.rule,
    name: f.name,
    severity: f.severity,
    file: shown(base, root, f.file),
    line: f.range.line + 1,
    column: f.range.col + 1,
    endLine: f.range.endLine + 1,
    endColumn: f.range.endCol + 1,
    message: f.message,
    ...(f.module ? { module: f.module } : {}),
    tests: f.tests.map((t) => ({ file: shown(base, root, t.file), line: t.span.line + 1, name: t.name })),
  };
}

function showJustified(base: string, root: string, j: JustifiedFinding): ShownJustified {
  return {
    rule: j.rule,
    name: j.name,
    file: shown(base, root, j.file),
    line: j.range.line + 1,
    ...(j.module ? { module: j.module } : {}),
    justifiedBy: { file: shown(base, root, j.test.file), line: j.test.span.line + 1, name: j.test.name, verifies: j.test.verifies },
  };
}

function explainRule(input: ToolInput<'otp_explain'>): ToolResult {
  const rule = ruleById(input.rule.trim().toUpperCase());
  if (!rule) return fail(`Unknown rule "${input.rule}". Rules: ${RULES.map((r) => r.id).join(', ')}.`);
  const text = input.phase ? adviceFor(rule, undefined, input.phase) : ruleMarkdown(rule);
  return { text, data: { rule: rule.id, name: rule.name, ...(input.phase ? { phase: input.phase } : {}), markdown: text } };
}

async function context(source: AnalysisSource, input: ToolInput<'otp_context'>): Promise<ToolResult> {
  return guarded(async () => {
    const { abs } = await resolveInside(source, input.file);
    if (!/\.exs?$/.test(abs)) return fail(`${input.file} is not an Elixir file (.ex or .exs).`);
    const [view] = await source.projects(abs);
    const file = view && posix(relative(view.root, abs));
    const text = view?.readText(file);
    if (!view || text === undefined) return fail(`${input.file}: cannot read it as part of an Elixir project.`);
    const lines = text.split(/\r?\n/).length;
    if (input.line > lines) return fail(`${input.file} has ${lines} lines; line ${input.line} is past its end.`);
    const info = await source.phase(view);
    const line = input.line - 1;
    // Like "Ask OTP Expert" at the cursor: the first finding on the line when no rule is named.
    const found = findingAt(view.project, info.phase, file, line, input.rule?.trim().toUpperCase());
    if ('missing' in found) return fail(`No context: ${found.missing}.`);
    const result = await askContext({
      project: view.project,
      file,
      line,
      ...(found.finding ? { finding: found.finding } : {}),
      question: input.question ?? DEFAULT_QUESTION,
      phase: info.phase,
      phaseSource: phaseSource(info),
      readText: view.readText,
    });
    const { preview } = result;
    const head = `The exact message the OTP Advisor chat would send (${preview.tokens} tokens${preview.redactions ? `, ${preview.redactions} secret${preview.redactions === 1 ? '' : 's'} redacted` : ''}):`;
    return {
      text: cap(`${head}\n\n${preview.message}${result.explanation ? `\n\n---\n\nOffline explanation shown before the answer:\n\n${result.explanation}` : ''}`),
      data: {
        phase: info.phase,
        message: preview.message,
        tokens: preview.tokens,
        redactions: preview.redactions,
        sources: preview.sources,
        ...(result.finding ? { finding: result.finding } : {}),
        ...(result.explanation ? { explanation: result.explanation } : {}),
      },
    };
  });
}

