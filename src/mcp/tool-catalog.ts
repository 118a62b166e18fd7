// The OTP Advisor tools as clients see them (names, descriptions, input schemas) and what they run over:
// an AnalysisSource, which the MCP server reads from disk and the language server from its live state.
import { z } from 'zod';
import type { Project } from '../analysis/engine';
import { PHASES } from '../analysis/phases';
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
/** Findings and processes listed per answer unless the client asks for another number. */
export const DEFAULT_LIMIT = 100;
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

