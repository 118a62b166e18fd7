// What the server and its clients agree on beyond standard LSP: a notification, commands, diagnostic data.
import type { ContextPreview } from '../advisor/context';
import type { PhaseSource } from '../advisor/types';
import type { Phase } from '../analysis/phases';

export const SOURCE = 'OTP Advisor';

/** Client → server: the TDD phase changed (manual choice or detected from a test run). */
export const SET_PHASE = 'otpAdvisor/setPhase';
export interface SetPhaseParams {
  phase: Phase;
}

/** Commands the server executes (workspace/executeCommand). */
export const COMMANDS = {
  analyzeWorkspace: 'otpAdvisor.analyzeWorkspace',
  showRuleExplanation: 'otpAdvisor.showRuleExplanation',
} as const;

/** Result of `showRuleExplanation`: the markdown file it wrote, whether the client showed it, and its text. */
export interface ExplanationResult {
  rule: string;
  file: string;
  shown: boolean;
  markdown: string;
}

/** A command only a client that declares `askExpert` in its initializationOptions handles. */
export const ASK_EXPERT_COMMAND = 'otpAdvisor.askExpert';

export interface InitializationOptions {
  /** The client handles ASK_EXPERT_COMMAND (the VS Code extension does). */
  askExpert?: boolean;
}

/** `Diagnostic.data`: what code actions and the advisor need to act on a finding. */
export interface FindingData {
  rule: string;
  messageId: string;
  module?: string;
  /** Project root (absolute path) and the file relative to it. */
  root: string;
  file: string;
  tests: { file: string; line: number; name: string }[];
}

/** Settings under `otpAdvisor` (workspace/configuration). */
export interface ServerSettings {
  phase: Phase;
  rules: Record<string, unknown>;
  exclude: string[];
  debounceMs: number;
  /** Findings listed in the project's baseline (`baseline` in .otp-advisor.json): hidden, or shown as hints. */
  baselined: 'hide' | 'hint';
  /** Megabytes above which a file is not analysed. */
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { phase: 'green', rules: {}, exclude: [], debounceMs: 150, baselined: 'hide', maxFileSize: 2 };

/**
 * Client → server: what would be sent to the OTP expert about the finding of `rule` on `line` of `uri`
 * (the server holds the project's facts), and the rule's offline explanation for the current phase.
 * Without `rule`, a general question about the code around `line` (its module and the tests exercising it).
 */
export const CONTEXT_REQUEST = 'otpAdvisor/context';
export interface ContextParams {
  uri: string;
  line: number;
  rule?: string;
  question: string;
  phaseSource?: PhaseSource;
}
export interface ContextResult {
  preview: ContextPreview;
  /** Markdown, shown at once, before any answer; absent for a general question. */
  explanation?: string;
  /** The finding asked about, for the chat's chips. */
  finding?: { rule: string; message: string; file: string; line: number };
  phase: Phase;
}

/**
 * Client → server: run one of the OTP Advisor tools (src/mcp/tools.ts) over the server's live state, open
 * documents as they are in the editor. VS Code's language-model tools answer with it.
 */
export const TOOL_REQUEST = 'otpAdvisor/tool';
export interface ToolParams {
  name: string;
  input: unknown;
  /** Why the client's phase is what it is (the status bar's reason); the server knows only the phase. */
  phaseReason?: string;
}
export type { ToolResult } from '../mcp/tools';
