// The OTP Advisor tools, pure over an AnalysisSource: the MCP server reads projects from disk, the
// language server answers from its live state (unsaved buffers included). Same names, inputs and text.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { askContext, DEFAULT_QUESTION } from '../advisor/ask';
import { adviceFor } from '../analysis/rules/explanation/advice';
import type { PhaseSource } from '../advisor/types';
import type { Finding, JustifiedFinding, Project } from '../analysis/engine';
import { PHASES, type Phase } from '../analysis/phases';
import { ruleById, RULES } from '../analysis/rules';
import { ruleMarkdown } from '../analysis/rules/explanation/markdown';
import { buildInventory, type Inventory, type TreeNode } from './inventory';
import type { PhaseInfo } from './phase';

export interface ProjectView {
  /** Absolute project root. */
  root: string;
  project: Project;
  /** Whether a project-relative file is inside the path asked about. */
  selected: (file: string) => boolean;
  readText: (file: string) => string | undefined;
}

export interface AnalysisSource {
  /** Folders that may be read (absolute); the first one is the base relative paths resolve against. */
  roots(): Promise<string[]>;
  /** The real path of an existing file or folder, or undefined when there is none. */
  realPath(abs: string): Promise<string | undefined>;
  /** The projects holding the path, with what of each the path selects. */
  projects(abs: string): Promise<ProjectView[]>;
  phase(view: ProjectView): Promise<PhaseInfo>;
}

export interface ToolResult {
  text: string;
  /** The same answer as data (MCP structuredContent). */
  data?: Record<string, unknown>;
  isError?: boolean;
}

/** Longest text a tool returns; past it the text is cut with a note (findings page instead). */
export const MAX_TEXT = 24_000;
const DEFAULT_LIMIT = 100;

const phase = z.enum(PHASES);
const path = z.string().min(1);

export const TOOLS = {
  otp_check: {
    title: 'OTP Advisor findings',
    description:
      'Run OTP Advisor on an Elixir mix project, folder or file: premature OTP (GenServer, Agent, Supervisor, ETS, Task, Registry, distribution where plain functions would do) and process anti-patterns. ' +
      'Returns each finding (rule, file:line:column, severity, message) and the findings a test justified, with the test. Call it before adding or changing a process, and after editing Elixir code.',
    input: {
      path: path.describe('Project, folder or .ex/.exs file; relative paths start at the workspace root. Default: the workspace root.').optional(),
      phase: phase.describe('TDD phase to judge in; default: the project’s current phase (see otp_phase).').optional(),
      offset: z.number().int().min(0).describe('Skip this many findings (paging).').optional(),
      limit: z.number().int().min(1).max(500).describe(`Findings per page (default ${DEFAULT_LIMIT}).`).optional(),
    },
  },
  otp_explain: {
    title: 'Explain an OTP Advisor rule',
    description: 'The explanation of an OTP Advisor rule (OTP001…OTP103) as markdown: what it flags, why, the flagged and the preferred code; with a phase, framed for that TDD phase.',
    input: {
      rule: z.string().min(1).describe('Rule id, e.g. OTP001.'),
      phase: phase.describe('Frame the advice for this TDD phase.').optional(),
    },
  },
  otp_context: {
    title: 'OTP Expert context for a location',
    description:
      'Exactly what the OTP Advisor chat would send to the OTP Expert about a place in the code: the TDD phase, the finding there (or the code around the line), the module’s code with line numbers, the tests that exercise it and the project’s OTP inventory, secrets redacted. ' +
      'With a finding, also its offline explanation for the phase.',
    input: {
      file: path.describe('An .ex/.exs file; relative paths start at the workspace root.'),
      line: z.number().int().min(1).describe('1-based line.'),
      rule: z.string().min(1).describe('Rule id of the finding to ask about; default: the first finding on the line, if any.').optional(),
      question: z.string().max(4000).describe('The question to include; default: whether a process is needed at all.').optional(),
    },
  },
  otp_inventory: {
    title: 'OTP inventory of a project',
    description:
      'The processes of an Elixir project as data: modules using GenServer/Agent/Task/Supervisor, where each is started, the supervisors and their children (the supervision tree), ETS tables, and the tests that verify restarts, concurrency, timers or several nodes (which justify a process).',
    input: {
      path: path.describe('Project or folder; default: the workspace root.').optional(),
      limit: z.number().int().min(1).max(1000).describe(`Processes listed at most (default ${DEFAULT_LIMIT}).`).optional(),
    },
  },
  otp_phase: {
    title: 'Current TDD phase',
    description:
      'The TDD phase OTP Advisor judges a project in (RED, GREEN or REFACTOR) and why: "phase" in .otp-advisor.json, else the last `mix test` run Mix recorded (failures, files edited since), else GREEN.',
    input: {
      path: path.describe('Project or folder; default: the workspace root.').optional(),
    },
  },
} as const;

export type ToolName = keyof typeof TOOLS;
export const TOOL_NAMES = Object.keys(TOOLS) as ToolName[];
export type ToolInput<N extends ToolName> = z.infer<z.ZodObject<(typeof TOOLS)[N]['input']>>;

export const isToolName = (x: unknown): x is ToolName => typeof x === 'string' && Object.hasOwn(TOOLS, x);

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

function fail(text: string): ToolResult {
  return { text, isError: true };
}

class Refusal extends Error {}

/** An absolute real path inside the roots, or a Refusal saying why not. */
async function resolveInside(source: AnalysisSource, given: string | undefined): Promise<{ abs: string; base: string }> {
  const roots = await source.roots();
  if (!roots.length) throw new Refusal('No root to read: the client gave no roots and there is no working directory.');
  const base = roots[0];
  const wanted = given === undefined ? base : isAbsolute(given) ? resolve(given) : resolve(base, given);
  const real = await source.realPath(wanted);
  if (!real) throw new Refusal(`${given ?? wanted}: no such file or directory.`);
  // Compared after resolving links, so a link inside a root cannot lead outside it.
  const realRoots = (await Promise.all(roots.map((r) => source.realPath(r)))).filter((r): r is string => !!r);
  if (!realRoots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep))) {
    throw new Refusal(`${given ?? wanted} is outside the allowed roots (${roots.join(', ')}). OTP Advisor only reads the folders the client shared (or the folder it was started in).`);
  }
  return { abs: real, base };
}

async function guarded(run: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof Refusal) return fail(e.message);
    return fail(`OTP Advisor failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const posix = (p: string) => p.split(sep).join('/');
/** A project file as the client should pass it back: relative to the base root when inside it. */
const shown = (base: string, root: string, file: string) => {
  const rel = relative(base, resolve(root, file));
  return rel.startsWith('..') || isAbsolute(rel) ? posix(resolve(root, file)) : posix(rel);
};

function cap(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  const cut = text.lastIndexOf('\n', MAX_TEXT);
  return `${text.slice(0, cut > 0 ? cut : MAX_TEXT)}\n… (truncated: ${text.length - (cut > 0 ? cut : MAX_TEXT)} more characters; ask about a smaller path)`;
}

function phaseSource(info: PhaseInfo): PhaseSource {
  return info.source === 'config' || (info.source === 'editor' && info.reason.startsWith('manual')) ? { kind: 'manual' } : { kind: 'test-run', summary: info.reason };
}

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
    tests: f.tests.map((t) => ({ file: shown(base, root, t.file), line: t.r.line + 1, name: t.name })),
  };
}

function showJustified(base: string, root: string, j: JustifiedFinding): ShownJustified {
  return {
    rule: j.rule,
    name: j.name,
    file: shown(base, root, j.file),
    line: j.range.line + 1,
    ...(j.module ? { module: j.module } : {}),
    justifiedBy: { file: shown(base, root, j.test.file), line: j.test.r.line + 1, name: j.test.name, verifies: j.test.verifies },
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
    const rule =
      input.rule ??
      view.project.analyze(info.phase).findings.find((f) => f.file === file && f.range.line <= line && line <= f.range.endLine)?.rule;
    const result = askContext({
      project: view.project,
      file,
      line,
      ...(rule ? { rule: rule.trim().toUpperCase() } : {}),
      question: input.question ?? DEFAULT_QUESTION,
      phase: info.phase,
      phaseSource: phaseSource(info),
      readText: view.readText,
    });
    if ('missing' in result) return fail(`No context: ${result.missing}.`);
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

async function inventory(source: AnalysisSource, input: ToolInput<'otp_inventory'>): Promise<ToolResult> {
  return guarded(async () => {
    const { abs, base } = await resolveInside(source, input.path);
    const views = await source.projects(abs);
    if (!views.length) return fail(`${input.path ?? abs}: no Elixir project there.`);
    const limit = input.limit ?? DEFAULT_LIMIT;
    const parts: string[] = [];
    const projects: Record<string, unknown>[] = [];
    for (const view of views) {
      const inv = relocate(buildInventory(view.project, view.readText), (f) => shown(base, view.root, f));
      const root = shown(base, view.root, '.') || '.';
      const more = inv.processes.length - limit;
      projects.push({ root, ...inv, processes: inv.processes.slice(0, limit), ...(more > 0 ? { processesNotShown: more } : {}) });
      parts.push(inventoryText(root, inv, limit));
    }
    return { text: cap(parts.join('\n\n')), data: { projects } };
  });
}

/** The inventory with every file shown as the client should pass it back. */
function relocate(inv: Inventory, show: (file: string) => string): Inventory {
  const at = <T extends { file: string }>(x: T): T => ({ ...x, file: show(x.file) });
  return {
    processes: inv.processes.map((p) => ({ ...at(p), startedAt: p.startedAt.map(at), justifiedBy: p.justifiedBy.map(at) })),
    supervisors: inv.supervisors.map((s) => ({ ...at(s), ...(s.children ? { children: s.children.map(at) } : {}) })),
    tree: inv.tree,
    otherStarts: inv.otherStarts.map(at),
    ets: inv.ets.map(at),
    tests: inv.tests,
  };
}

function inventoryText(root: string, inv: Inventory, limit: number): string {
  const out = [`Project ${root}`];
  const tree = (n: TreeNode, depth: number): string[] => [`${'  '.repeat(depth)}- ${n.module}${n.behaviour ? ` (${n.behaviour})` : ''}`, ...n.children.flatMap((c) => tree(c, depth + 1))];
  out.push('Supervision tree:', ...(inv.tree.length ? inv.tree.flatMap((n) => tree(n, 1)) : ['  (no supervisor found)']));
  out.push(`Processes (${inv.processes.length}):`);
  for (const p of inv.processes.slice(0, limit)) {
    const started = [...p.supervisedBy.map((s) => `child of ${s}`), ...p.startedAt.map((s) => `${s.call} at ${s.file}:${s.line}`)];
    const justified = p.justifiedBy.length
      ? `justified by ${p.justifiedBy.map((t) => `${t.file}:${t.line} "${t.name}" (${t.verifies.join(', ')})`).join('; ')}`
      : p.tests
        ? `${p.tests === 1 ? '1 test mentions' : `${p.tests} tests mention`} it, none verifies restarts, concurrency, timers or nodes`
        : 'no test mentions it';
    out.push(`  - ${p.module} ${p.behaviour} ${p.file}:${p.line} — ${started.length ? started.join(', ') : 'started by nothing found'}; ${justified}`);
  }
  if (inv.processes.length > limit) out.push(`  … ${inv.processes.length - limit} more (raise limit to see them).`);
  for (const s of inv.supervisors) {
    const kids = s.children === undefined ? 'children not written out' : s.children.length ? s.children.map((c) => c.module ?? c.spec).join(', ') : 'no children';
    out.push(`Supervisor ${s.module} (${s.behaviour}${s.strategy ? `, ${s.strategy}` : ''}) ${s.file}:${s.line}: ${kids}`);
  }
  if (inv.otherStarts.length) out.push(`Other starts: ${inv.otherStarts.map((s) => `${s.call} in ${s.module}.${s.in} (${s.file}:${s.line})`).join('; ')}`);
  if (inv.ets.length) out.push(`ETS tables: ${inv.ets.map((e) => `${e.table ?? 'unnamed'} in ${e.module} (${e.file}:${e.line})`).join('; ')}`);
  const v = inv.tests.verifying;
  out.push(`Tests: ${inv.tests.total}; verifying restarts ${v.restart}, concurrency ${v.concurrency}, timers ${v.timers}, several nodes ${v.multinode}.`);
  return out.join('\n');
}

async function currentPhase(source: AnalysisSource, input: ToolInput<'otp_phase'>): Promise<ToolResult> {
  return guarded(async () => {
    const { abs, base } = await resolveInside(source, input.path);
    const views = await source.projects(abs);
    if (!views.length) return fail(`${input.path ?? abs}: no Elixir project there.`);
    const out: string[] = [];
    const projects: Record<string, unknown>[] = [];
    for (const view of views) {
      const info = await source.phase(view);
      const root = shown(base, view.root, '.') || '.';
      out.push(`${root}: ${info.phase.toUpperCase()} — ${info.reason}.`);
      if (info.run?.failing.length) {
        out.push(...info.run.failing.slice(0, 10).map((f) => `  failing: ${f.module} "${f.test}"${f.file ? ` (${shown(base, view.root, f.file)})` : ''}`));
        if (info.run.failing.length > 10) out.push(`  … ${info.run.failing.length - 10} more failing tests.`);
      }
      projects.push({ root, ...info });
    }
    return { text: out.join('\n'), data: { projects } };
  });
}
