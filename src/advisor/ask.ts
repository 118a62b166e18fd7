// What the chat sends about a place in a project: the finding of a rule there (with its offline explanation)
// or, without a rule, the code around the line. Shared by the language server and the MCP server.
import type { Finding, Project } from '../analysis/engine';
import type { Phase } from '../analysis/phases';
import { ruleById } from '../analysis/rules';
import { buildContext, type ContextPreview } from './context';
import { adviceFor } from '../analysis/rules/explanation/advice';
import type { PhaseSource } from './types';

export const DEFAULT_QUESTION = 'Do I really need a process here? What is the simplest change for my current phase?';

export interface AskInput {
  project: Project;
  /** Project-relative, with `/`. */
  file: string;
  /** 0-based. */
  line: number;
  /** The finding asked about; without one, a general question about the code at `line`. */
  finding?: Finding;
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

/**
 * The finding a caller that has only a place means (the tools: a file, a line, maybe a rule), from a fresh
 * analysis: the rule's finding on the line, else its first in the file (the code may have moved since the
 * line was read); with no rule, the first finding covering the line, if any.
 */
export function findingAt(project: Project, phase: Phase, file: string, line: number, ruleId?: string): { finding?: Finding } | { missing: string } {
  const rule = ruleId === undefined ? undefined : ruleById(ruleId);
  if (ruleId !== undefined && !rule) return { missing: `"${ruleId}" is not a rule id` };
  const inFile = project.analyze(phase).findings.filter((f) => f.file === file);
  if (!rule) return { finding: inFile.find((f) => f.range.line <= line && line <= f.range.endLine) };
  const findings = inFile.filter((f) => f.rule === rule.id);
  const finding = findings.find((f) => f.range.line === line) ?? findings[0];
  return finding ? { finding } : { missing: `no ${rule.id} finding in ${file} in phase ${phase}` };
}

export async function askContext(input: AskInput): Promise<AskContext> {
  const { finding } = input;
  const preview = await buildContext({
    project: input.project,
    phase: input.phase,
    phaseSource: input.phaseSource,
    findings: finding ? [finding] : [],
    focus: { file: input.file, line: input.line },
    question: input.question,
    readText: input.readText,
  });
  const rule = finding && ruleById(finding.rule);
  if (!finding || !rule) return { preview };
  return {
    preview,
    explanation: adviceFor(rule, finding, input.phase),
    finding: { rule: finding.rule, message: finding.message, file: finding.file, line: finding.range.line + 1 },
  };
}
