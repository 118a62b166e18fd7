// The TDD phase guessed from `mix test` runs and file edits, unless the user set it by hand.
import { isInTestFolder, isLibPath } from '../project-paths';
import type { Phase } from '../phases';
import type { ExUnitResult } from './exunit';

/** `at`: epoch ms. For a run, when it started: its verdict is about the files as they were then. */
export type PhaseEvent =
  | { kind: 'test-run'; result: ExUnitResult; at: number }
  | { kind: 'edit'; path: string; at: number };

export type PhaseSetting = Phase | 'auto';

export interface PhaseState {
  lastRun?: { result: ExUnitResult; at: number };
  /** What was edited after the last run started. */
  editedSince: { tests: boolean; lib: boolean };
}

export interface PhaseVerdict {
  phase: Phase;
  /** One line for the status bar and the advisor. */
  reason: string;
}

export const initialPhaseState: PhaseState = { editedSince: { tests: false, lib: false } };


export function nextPhaseState(state: PhaseState, event: PhaseEvent): PhaseState {
  // Events can arrive out of order (a save reported after the run it preceded): older ones are ignored.
  if (state.lastRun && event.at < state.lastRun.at) return state;
  if (event.kind === 'test-run') {
    // A run that ran no test (`--failed` with nothing left, `--stale` with nothing stale) has no verdict.
    if (event.result.noTests) return state;
    return { lastRun: { result: event.result, at: event.at }, editedSince: { tests: false, lib: false } };
  }
  // Only the reason tells a lib edit from none: both keep GREEN.
  const tests = state.editedSince.tests || isInTestFolder(event.path);
  const lib = state.editedSince.lib || (!isInTestFolder(event.path) && isLibPath(event.path));
  if (tests === state.editedSince.tests && lib === state.editedSince.lib) return state;
  return { ...state, editedSince: { tests, lib } };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeFailure(r: ExUnitResult): string {
  if (r.compileError) return 'did not compile';
  const parts = [];
  if (r.failures) parts.push(plural(r.failures, 'failure'));
  if (r.invalid) parts.push(`${r.invalid} invalid`);
  return `had ${parts.join(' and ')}`;
}

/**
 * RED: the last run failed and tests were edited since (a new failing test). GREEN: it failed and only
 * lib changed, or nothing (making it pass), or no run yet. REFACTOR: it passed.
 */
export function decidePhase(state: PhaseState, setting: PhaseSetting): PhaseVerdict {
  if (setting !== 'auto') return { phase: setting, reason: `manual: phase set to ${setting}` };
  const run = state.lastRun?.result;
  if (!run) return { phase: 'green', reason: 'auto: no `mix test` run yet' };
  // Invalid tests (a failing setup_all) are as red as failures.
  if (!run.compileError && !run.failures && !run.invalid) {
    return { phase: 'refactor', reason: `auto: last \`mix test\` passed (${plural(run.tests, 'test')})` };
  }
  const head = `auto: last \`mix test\` ${describeFailure(run)}`;
  if (state.editedSince.tests) return { phase: 'red', reason: `${head}, test files edited since` };
  const since = state.editedSince.lib ? 'lib files edited since' : 'nothing edited since';
  return { phase: 'green', reason: `${head}, ${since}` };
}

// Prefixes that still run the command after them.
const WRAPPERS = new Set(['env', 'time', 'command', 'exec']);

/**
 * True when a terminal command line runs ExUnit once and ends with its summary: `mix test …`, with
 * env assignments or wrappers before it, `iex -S mix test`, or one step of `a && mix test`.
 * `mix test.watch` is not: it never ends and prints a summary per run, so it has no single verdict.
 */
export function isMixTestCommand(commandLine: string): boolean {
  return commandLine.split(/&&|\|\||[;|]/).some((step) => {
    const words = step.trim().split(/\s+/);
    let i = 0;
    while (i < words.length && (WRAPPERS.has(words[i]) || /^[A-Za-z_]\w*=/.test(words[i]))) i++;
    if (/^(?:iex|elixir)$/.test(words[i] ?? '')) {
      const s = words.indexOf('-S', i);
      if (s < 0) return false;
      i = s + 1;
    }
    return /^(?:.*\/)?mix$/.test(words[i] ?? '') && words[i + 1] === 'test';
  });
}
