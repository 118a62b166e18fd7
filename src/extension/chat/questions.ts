// Turns "ask about this finding" and a question typed in the chat into a Question: the server builds the exact
// payload from the project's facts; this adds the chips and the title the chat shows.
import type * as vscode from 'vscode';
import { DEFAULT_QUESTION } from '../../advisor/ask';
import type { PhaseSource } from '../../advisor/types';
import { bareContext } from '../../advisor/context';
import { CONTEXT_REQUEST, isFindingData, type ContextParams, type ContextResult } from '../../server/protocol';
import type { Chip } from '../../webview/protocol';
import type { Ctx } from '../ctx';
import { findingsAtCursor, type FindingTarget } from '../findings-here';
import type { Question } from './host';
import { applyTargetAt } from './apply-editor';

/** The finding to ask about: the quick fix's argument, or the first OTP Advisor finding under the cursor. */
export function findingTarget(arg: unknown): FindingTarget | undefined {
  const given = arg as { uri?: string; diagnostic?: { data?: unknown; range?: { start?: { line?: number }; end?: { line?: number } } } } | undefined;
  if (given?.uri && isFindingData(given.diagnostic?.data)) {
    const line = given.diagnostic.range?.start?.line ?? 0;
    return { uri: given.uri, line, endLine: Math.max(line, given.diagnostic.range?.end?.line ?? line), finding: given.diagnostic.data };
  }
  return findingsAtCursor()[0];
}

function phaseSource(ctx: Ctx): PhaseSource {
  return ctx.phase.setting === 'auto' ? { kind: 'test-run', summary: ctx.phase.verdict.reason } : { kind: 'manual' };
}

function phaseChip(ctx: Ctx): Chip {
  return { kind: 'phase', label: ctx.phase.phase.toUpperCase(), title: ctx.phase.verdict.reason };
}

async function context(ctx: Ctx, params: ContextParams): Promise<ContextResult | null> {
  if (!(await ctx.serverStarted)) throw new Error('the OTP Advisor server is not running; see the OTP Advisor output.');
  return ctx.client.sendRequest<ContextResult | null>(CONTEXT_REQUEST, params);
}

function chips(ctx: Ctx, result: ContextResult): Chip[] {
  const out: Chip[] = [phaseChip(ctx)];
  if (result.finding) out.push({ kind: 'rule', label: result.finding.rule, title: result.finding.message });
  for (const c of result.preview.sources.code) out.push({ kind: 'code', label: `${c.file}:${c.from}-${c.to}` });
  for (const t of result.preview.sources.tests) out.push({ kind: 'test', label: `${t.file}:${t.line}`, title: t.name });
  return out;
}

export async function findingQuestion(ctx: Ctx, target: FindingTarget): Promise<Question> {
  const result = await context(ctx, { ...target, question: DEFAULT_QUESTION, phaseSource: phaseSource(ctx) });
  if (!result?.finding) throw new Error(`the ${target.finding.rule} finding is no longer there; save or re-analyse and try again.`);
  return {
    title: `${result.finding.rule} in ${result.finding.file}`,
    text: DEFAULT_QUESTION,
    chips: chips(ctx, result),
    preview: result.preview,
    ...(result.explanation ? { explanation: result.explanation } : {}),
    sourceUri: target.uri,
    ...(await applyTarget(target.uri, target.line, target.endLine)),
  };
}

/** A conversation's first typed question: about the code at the cursor of the last Elixir editor, if any. */
export async function typedQuestion(ctx: Ctx, text: string, editor: vscode.TextEditor | undefined): Promise<Question> {
  const title = text.length > 60 ? `${text.slice(0, 59)}…` : text;
  if (editor) {
    const result = await context(ctx, { uri: editor.document.uri.toString(), line: editor.selection.active.line, question: text, phaseSource: phaseSource(ctx) });
    if (result) {
      const uri = editor.document.uri.toString();
      return { title, text, chips: chips(ctx, result), preview: result.preview, sourceUri: uri, ...(await selectedTarget(editor)) };
    }
  }
  const { message, tokens, redactions } = await bareContext(ctx.phase.phase, phaseSource(ctx), text);
  return { title, text, chips: [phaseChip(ctx)], preview: { message, tokens, redactions } };
}

async function applyTarget(uri: string, from: number, to: number): Promise<Pick<Question, 'applyTarget'>> {
  const target = await applyTargetAt(uri, from, to);
  return target ? { applyTarget: target } : {};
}

/** A typed question names lines to replace only through a selection (whole lines; a selection ending at a line's start stops before it). */
function selectedTarget(editor: vscode.TextEditor): Promise<Pick<Question, 'applyTarget'>> {
  const { start, end, isEmpty } = editor.selection;
  if (isEmpty) return Promise.resolve({});
  const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  return applyTarget(editor.document.uri.toString(), start.line, last);
}
