// What the server and its clients agree on beyond standard LSP: a notification, commands, diagnostic data.
import type { ContextPreview } from '../advisor/context';
import type { PhaseSource } from '../advisor/types';
import type { Phase } from '../analysis/phases';

export const SOURCE = 'OTP Advisor';

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

/**
 * `Diagnostic.data`: the finding's identity, which the client sends back to ask about it (CONTEXT_REQUEST)
 * so the server looks the finding up in what it published rather than analysing again.
 */
export interface FindingData {
  rule: string;
  /** Relative to the project root, with `/`. */
  file: string;
  module?: string;
  /** As in SARIF and the baseline (src/analysis/fingerprint.ts). */
  fingerprint: string;
}

export function isFindingData(x: unknown): x is FindingData {
  const d = x as Partial<FindingData> | null;
  return typeof d?.rule === 'string' && typeof d.file === 'string' && typeof d.fingerprint === 'string';
}

/**
 * Client → server: what would be sent to the OTP expert about `finding` (a published diagnostic's `data`;
 * the server holds the project's facts), and the rule's offline explanation for the current phase; null when
 * that finding is no longer published. Without `finding`, a general question about the code around `line`
 * of `uri` (its module and the tests exercising it).
 */
export const CONTEXT_REQUEST = 'otpAdvisor/context';
export interface ContextParams {
  uri: string;
  /** 0-based. */
  line: number;
  finding?: FindingData;
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
export type { ToolResult } from '../mcp/tool-catalog';
