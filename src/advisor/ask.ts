// What the chat sends about a place in a project: the finding of a rule there (with its offline explanation)
// or, without a rule, the code around the line. Shared by the language server and the MCP server.
import type { Finding, Project } from '../analysis/engine';
import { ruleById } from '../analysis/rules';
import { buildContext, type ContextPreview } from './context';
import { adviceFor } from '../analysis/rules/explanation/advice';
import type { Phase, PhaseSource } from './types';

export const DEFAULT_QUESTION = 'Do I really need a process here? What is the simplest change for my current phase?';

export interface AskInput {
  project: Project;
  /** Project-relative, with `/`. */
  file: string;
  /** 0-based. */
  line: number;
  rule?: string;
  question: string;
  phase: Phase;
  phaseSource: PhaseSource;
  readText: (file: string) => string | undefined;
}

export interface AskContext {
  preview: ContextPreview;
  /** Markdown, shown at once, before any answer; absent for a general question. */
  explanation?: string;
  finding?: { rule: string; message: string; file: string; line: number };
}

/** The context, or why there is none: an unknown rule, or no finding of that rule in the file. */
export function askContext(input: AskInput): AskContext | { missing: string } {
  const rule = input.rule === undefined ? undefined : ruleById(input.rule);
  let finding: Finding | undefined;
  if (input.rule !== undefined) {
    if (!rule) return { missing: `"${input.rule}" is not a rule id` };
    const findings = input.project.analyze(input.phase).findings.filter((f) => f.file === input.file && f.rule === rule.id);
    // The finding on the line, else the rule's first in the file (the diagnostic may have moved since it was clicked).
    finding = findings.find((f) => f.range.line === input.line) ?? findings[0];
    if (!finding) return { missing: `no ${rule.id} finding in ${input.file} in phase ${input.phase}` };
  }
  const preview = buildContext({
    project: input.project,
    phase: input.phase,
    phaseSource: input.phaseSource,
    findings: finding ? [finding] : [],
    focus: { file: input.file, line: input.line },
    question: input.question,
    readText: input.readText,
  });
  if (!finding || !rule) return { preview };
  return {
    preview,
    explanation: adviceFor(rule, finding, input.phase),
    finding: { rule: finding.rule, message: finding.message, file: finding.file, line: finding.range.line + 1 },
  };
}
