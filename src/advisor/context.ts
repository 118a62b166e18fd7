// Builds the user message for a question: phase, findings, the flagged code and its tests, an OTP inventory, the question.
import type { Finding, Project } from '../analysis/engine';
import type { ModuleFacts, TestKind } from '../analysis/facts/types';
import { isTestCode } from '../analysis/facts/types';
import type { Span } from '../analysis/parse/term';
import type { Phase } from '../analysis/phases';
import { redact } from './redact';
import { estimateTokens } from './tokens';
import type { PhaseSource } from './types';
import { enclosingModule, fence, moduleSnippet, numbered, range, render } from './snippet';

export interface ContextBudget {
  /** Tokens for the code of each flagged module (default 1500). */
  code: number;
  /** Tokens for all the test blocks together (default 1000). */
  tests: number;
}

export interface ContextInput {
  project: Project;
  phase: Phase;
  phaseSource: PhaseSource;
  /** The finding(s) asked about; empty for a general question. */
  findings: Finding[];
  question: string;
  /** For a general question (no finding): the place asked about; its module's code and tests go along. */
  focus?: { file: string; line: number };
  /** A file's current text, project-relative path (open documents in the editor, the disk in the CLI). */
  readText: (file: string) => string | undefined;
  budget?: Partial<ContextBudget>;
}

export interface ContextSection {
  title: string;
  /** Exactly the text sent under the title, after redaction. */
  text: string;
  tokens: number;
}

export interface ContextPreview {
  sections: ContextSection[];
  /** The whole user message: each section as `## title`, a blank line, its text. */
  message: string;
  tokens: number;
  /** Secrets replaced by «redacted». */
  redactions: number;
  /** What the message quotes, for the chat's chips: code line ranges and test blocks (1-based lines). */
  sources: ContextSources;
}

export interface ContextSources {
  code: { file: string; from: number; to: number }[];
  tests: { file: string; line: number; name: string }[];
}

type TestRef = { file: string; span: Span; name: string };

export const DEFAULT_BUDGET: ContextBudget = { code: 1500, tests: 1000 };

/** Test blocks shown at most; the others are named only by count. */
const MAX_TESTS = 6;

const PHASE_NOTE: Record<Phase, string> = {
  red: 'RED: writing a failing test',
  green: 'GREEN: making the tests pass',
  refactor: 'REFACTOR: tests pass, improving the design',
};

export async function buildContext(input: ContextInput): Promise<ContextPreview> {
  const budget = { ...DEFAULT_BUDGET, ...input.budget };
  const raw: { title: string; text: string }[] = [{ title: 'TDD phase', text: phaseText(input.phase, input.phaseSource) }];
  const sources: ContextSources = { code: [], tests: [] };
  if (input.findings.length) raw.push({ title: input.findings.length > 1 ? 'Findings' : 'Finding', text: input.findings.map(findingText).join('\n') });
  for (const code of codeSections(input, budget.code)) {
    raw.push(code);
    sources.code.push(code.source);
  }
  const tests = exercisingTests(input);
  if (input.findings.length || tests.length) {
    const shown = testsText(input, tests, budget.tests);
    raw.push({ title: 'Tests that exercise it', text: shown.text });
    sources.tests = shown.tests;
  }
  raw.push({ title: 'OTP inventory of the project', text: inventoryText(input.project, input.readText) });
  raw.push({ title: 'Question', text: input.question.trim() });
  return assemble(raw, sources);
}

/** A question with no code to quote (no Elixir file open): the phase and the question only. */
export function bareContext(phase: Phase, phaseSource: PhaseSource, question: string): Promise<ContextPreview> {
  return assemble([{ title: 'TDD phase', text: phaseText(phase, phaseSource) }, { title: 'Question', text: question.trim() }], { code: [], tests: [] });
}

async function assemble(raw: { title: string; text: string }[], sources: ContextSources): Promise<ContextPreview> {
  let redactions = 0;
  const sections = await Promise.all(raw.map(async ({ title, text }) => {
    const r = await redact(text);
    redactions += r.count;
    return { title, text: r.text, tokens: estimateTokens(`## ${title}\n\n${r.text}`) };
  }));
  const message = sections.map((s) => `## ${s.title}\n\n${s.text}`).join('\n\n');
  return { sections, message, tokens: estimateTokens(message), redactions, sources };
}

function phaseText(phase: Phase, source: PhaseSource): string {
  const how = source.kind === 'manual' ? 'set by the user' : `detected from the last test run (${source.summary})`;
  return `${PHASE_NOTE[phase]} — ${how}.`;
}

function findingText(f: Finding): string {
  const where = `${f.file}:${f.range.line + 1}`;
  return `- ${f.rule} ${f.name} at ${where}${f.module ? ` in ${f.module}` : ''}: ${f.message}`;
}

type CodeSection = { title: string; text: string; source: ContextSources['code'][number] };

/** The code of each flagged module (or function), one section per module, trimmed to the budget. */
function codeSections(input: ContextInput, budget: number): CodeSection[] {
  const groups = new Map<string, { file: string; mod?: ModuleFacts; flagged: number; anchors: number[] }>();
  if (!input.findings.length && input.focus) {
    const { file, line } = input.focus;
    groups.set(file, { file, mod: enclosingModule(input.project, file, line), flagged: line, anchors: [line] });
  }
  for (const f of input.findings) {
    const mod = enclosingModule(input.project, f.file, f.range.line);
    const key = `${f.file}#${mod?.name ?? ''}`;
    const g = groups.get(key) ?? { file: f.file, mod, flagged: f.range.line, anchors: [] };
    g.anchors.push(f.range.line);
    // A short range (a call, a clause head) is kept whole; a long one (a whole module) only by its first line.
    if (f.range.endLine - f.range.line < 8) for (let l = f.range.line + 1; l <= f.range.endLine; l++) g.anchors.push(l);
    for (const r of f.related) if (r.file === f.file) g.anchors.push(r.span.line);
    groups.set(key, g);
  }
  const out: CodeSection[] = [];
  for (const g of groups.values()) {
    const text = input.readText(g.file);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/);
    const keep = moduleSnippet(lines, g.mod, g.flagged, g.anchors, budget);
    out.push({
      title: `Code: ${g.file}${g.mod ? ` (${g.mod.name})` : ''}`,
      text: fence(render(lines, keep)),
      source: { file: g.file, from: keep[0]! + 1, to: keep.at(-1)! + 1 },
    });
  }
  return out;
}

/** The test blocks exercising the findings' subjects, or for a general question the focused module. */
function exercisingTests(input: ContextInput): TestRef[] {
  let all: TestRef[] = input.findings.flatMap((f) => f.tests);
  if (!input.findings.length && input.focus) {
    const mod = enclosingModule(input.project, input.focus.file, input.focus.line);
    all = mod && !isTestCode(mod) ? input.project.linked().testsExercising(mod.name).map((t) => ({ file: t.file, span: t.span, name: t.name })) : [];
  }
  const seen = new Set<string>();
  return all.filter((t) => {
    const key = `${t.file}:${t.span.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The exercising test blocks (not whole files), each under its file:line, within the budget. */
function testsText(input: ContextInput, blocks: TestRef[], budget: number): { text: string; tests: ContextSources['tests'] } {
  if (!blocks.length) {
    const subjects = [...new Set(input.findings.map((f) => f.module).filter((m): m is string => !!m))];
    return { text: `No test exercises ${subjects.join(', ') || 'this code'}.`, tests: [] };
  }
  const shownTests: ContextSources['tests'] = [];
  const parts: string[] = [];
  let used = 0;
  let shown = 0;
  for (const t of blocks) {
    if (shown === MAX_TESTS) break;
    const text = input.readText(t.file);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/);
    const head = `${t.file}:${t.span.line + 1} — ${t.name}`;
    const left = budget - used - estimateTokens(head);
    if (left <= 0 && shown > 0) break;
    const part = `${head}\n${fence(blockSnippet(lines, t.span, Math.max(left, 60)))}`;
    parts.push(part);
    shownTests.push({ file: t.file, line: t.span.line + 1, name: t.name });
    used += estimateTokens(part);
    shown++;
  }
  if (blocks.length > shown) parts.push(`(${blocks.length - shown} more exercising test${blocks.length - shown === 1 ? '' : 's'} not shown.)`);
  return { text: parts.join('\n\n'), tests: shownTests };
}

/** A test block's lines; a long one keeps its head and its end, where the assertions usually are. */
function blockSnippet(lines: string[], r: Span, budget: number): string {
  const keep: number[] = [];
  let used = 0;
  const all = range(r.line, r.endLine);
  const cost = (l: number) => estimateTokens(numbered(lines, l)) + 1;
  if (all.reduce((n, l) => n + cost(l), 0) <= budget) return render(lines, all);
  let lo = r.line;
  let hi = r.endLine;
  const take = (l: number) => {
    used += cost(l);
    keep.push(l);
  };
  take(lo++);
  if (lo <= hi) take(hi--);
  while (lo <= hi) {
    if (cost(hi) + used > budget) break;
    take(hi--);
    if (lo > hi || cost(lo) + used > budget) break;
    take(lo++);
  }
  return render(lines, keep.sort((a, b) => a - b));
}

const KIND_WORDS: Record<TestKind, string> = {
  restart: 'restarts',
  concurrency: 'concurrency',
  timers: 'timers',
  multinode: 'several nodes',
};

/** A few lines: each Application's children, the processes by behaviour, what the tests verify. */
function inventoryText(project: Project, readText: (file: string) => string | undefined): string {
  const index = project.linked();
  const mods = index.modules.filter((m) => !isTestCode(m));
  const out: string[] = [];
  for (const app of mods.filter((m) => m.behaviour === 'Application')) {
    const lists = app.childLists.filter((c) => c.children);
    const children = lists.flatMap((c) => c.children ?? []);
    if (!lists.length) {
      out.push(`- Application ${app.name}: its children are not written out.`);
      continue;
    }
    const text = readText(app.file);
    const names = text ? children.map((c) => childLabel(text.slice(c.span.start, c.span.end))) : [];
    out.push(`- Application ${app.name} starts ${children.length} child${children.length === 1 ? '' : 'ren'}${names.length ? `: ${names.join(', ')}` : ''}.`);
  }
  const byBehaviour = new Map<string, string[]>();
  for (const m of mods) if (m.behaviour && m.behaviour !== 'Application') byBehaviour.set(m.behaviour, [...(byBehaviour.get(m.behaviour) ?? []), m.name]);
  if (byBehaviour.size) {
    const parts = [...byBehaviour].map(([b, names]) => `${names.length} ${b}${names.length === 1 ? '' : 's'} (${listNames(names)})`);
    out.push(`- Processes: ${parts.join('; ')}.`);
  } else out.push('- No module uses an OTP behaviour.');
  const ets = mods.filter((m) => m.ets.some((e) => e.op === 'new')).map((m) => m.name);
  if (ets.length) out.push(`- ETS tables created in ${listNames(ets)}.`);

  const verified = new Set<TestKind>();
  let tests = 0;
  for (const f of project.allFacts()) {
    for (const t of f.tests) {
      if (t.kind === 'test') tests++;
      for (const k of t.verifies) verified.add(k);
    }
  }
  const kinds: TestKind[] = ['restart', 'concurrency', 'timers', ...(index.hasClusterDeps ? (['multinode'] as const) : [])];
  const missing = kinds.filter((k) => !verified.has(k)).map((k) => KIND_WORDS[k]);
  const present = kinds.filter((k) => verified.has(k)).map((k) => KIND_WORDS[k]);
  const verifiedText = [present.length ? `some verify ${orList(present)}` : '', missing.length ? `none verifies ${orList(missing)}` : '']
    .filter(Boolean)
    .join('; ');
  out.push(`- ${tests} test${tests === 1 ? '' : 's'}${verifiedText ? `; ${verifiedText}` : ''}.`);
  return out.join('\n');
}

function childLabel(source: string): string {
  const flat = source.replace(/\s+/g, ' ').trim();
  return flat.length > 48 ? `${flat.slice(0, 47)}…` : flat;
}

function listNames(names: string[]): string {
  return names.length > 6 ? `${names.slice(0, 6).join(', ')}, and ${names.length - 6} more` : names.join(', ');
}

function orList(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words.join('');
}
