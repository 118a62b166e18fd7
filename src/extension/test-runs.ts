// Turns what VS Code reports about a `mix test` run (terminal output, an exit code, a task's command)
// into the events of the pure phase detector, and restores its saved state. No `vscode` import.
import { parseExUnit, type ExUnitResult } from '../analysis/phase-detection/exunit';
import { initialPhaseState, type PhaseState } from '../analysis/phase-detection/detect';

/** How much of a terminal command's output is kept: the ExUnit summary is at its end. */
const TAIL_CHARS = 64 * 1024;

/** The end of a stream of text, bounded. */
export class Tail {
  private text = '';
  constructor(private readonly max = TAIL_CHARS) {}
  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.max);
  }
  toString(): string {
    return this.text;
  }
}

/**
 * A verdict from the exit code alone, for tasks and terminals whose output could not be read.
 * ExUnit exits 2 on failures (its default `--exit-status`), mix exits 1 when it cannot compile or
 * run; above 128 is a signal (Ctrl+C) and undefined an unknown end: no verdict.
 */
export function resultFromExitCode(code: number | undefined | null): ExUnitResult | undefined {
  if (code === 0) return { tests: 0, failures: 0, compileError: false, noTests: false };
  if (code === 1) return { tests: 0, failures: 0, compileError: true, noTests: false };
  if (typeof code === 'number' && code > 1 && code < 128) return { tests: 0, failures: 1, compileError: false, noTests: false };
  return undefined;
}

export interface RunVerdict {
  result: ExUnitResult;
  /** False when only the exit code was known: the counts are not real. */
  countsKnown: boolean;
}

/** The summary in the output wins; the exit code stands in when there is none. */
export function verdictOf(output: string | undefined, exitCode: number | undefined | null): RunVerdict | undefined {
  const parsed = output ? parseExUnit(output) : undefined;
  if (parsed) return { result: parsed, countsKnown: true };
  const fromCode = resultFromExitCode(exitCode);
  return fromCode && { result: fromCode, countsKnown: false };
}

/** The command line a task runs, from a shell execution's command line or command and arguments, or a process and its arguments. */
export function taskCommandLine(execution: { commandLine?: string; command?: string | { value: string }; process?: string; args?: readonly (string | { value: string })[] }): string | undefined {
  const word = (w: string | { value: string }) => (typeof w === 'string' ? w : w.value);
  if (execution.commandLine) return execution.commandLine;
  const head = execution.command ?? execution.process;
  if (head === undefined) return undefined;
  return [word(head), ...(execution.args ?? []).map(word)].join(' ');
}

/** The detector state saved in workspaceState, if it still has the expected shape. */
export function restorePhaseState(raw: unknown): PhaseState {
  if (typeof raw !== 'object' || raw === null) return initialPhaseState;
  const { lastRun, editedSince } = raw as Partial<PhaseState>;
  if (typeof editedSince?.tests !== 'boolean' || typeof editedSince.lib !== 'boolean') return initialPhaseState;
  const run = lastRun as { result?: Partial<ExUnitResult>; at?: unknown } | undefined;
  if (run === undefined) return { editedSince: { tests: editedSince.tests, lib: editedSince.lib } };
  const r = run.result;
  if (typeof run.at !== 'number' || !r || typeof r.tests !== 'number' || typeof r.failures !== 'number' || typeof r.compileError !== 'boolean' || typeof r.noTests !== 'boolean') {
    return initialPhaseState;
  }
  return { lastRun: { result: r as ExUnitResult, at: run.at }, editedSince: { tests: editedSince.tests, lib: editedSince.lib } };
}
