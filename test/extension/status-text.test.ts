import { describe, expect, it } from 'vitest';
import { decidePhase, initialPhaseState, nextPhaseState, type PhaseEvent } from '../../src/analysis/phase-detection/detect';
import { findingsText, phaseChoices, reasonText, statusText, type RunInfo } from '../../src/extension/status-text';
import { resultFromExitCode } from '../../src/extension/test-runs';

const passed = { tests: 12, failures: 0, compileError: false, noTests: false };
const failed = { tests: 12, failures: 2, compileError: false, noTests: false };
const stateAfter = (...events: PhaseEvent[]) => events.reduce(nextPhaseState, initialPhaseState);
const terminal: RunInfo = { via: 'terminal', countsKnown: true, exitCode: 2 };

describe('statusText', () => {
  it('shows the phase and auto', () => {
    const view = { setting: 'auto' as const, verdict: decidePhase(initialPhaseState, 'auto'), running: false };
    expect(statusText(view).text).toBe('$(beaker) OTP · GREEN · auto');
    expect(statusText(view).tooltip).toContain('Detected: no `mix test` run yet.');
  });

  it('shows a phase set by hand as manual', () => {
    const view = { setting: 'red' as const, verdict: decidePhase(initialPhaseState, 'red'), running: false };
    expect(statusText(view).text).toBe('$(beaker) OTP · RED · manual');
    expect(statusText(view).tooltip).toContain('Set by hand: phase set to red.');
  });

  it('spins while the tests run', () => {
    const view = { setting: 'auto' as const, verdict: decidePhase(initialPhaseState, 'auto'), running: true };
    expect(statusText(view).text).toBe('$(sync~spin) OTP · GREEN · auto');
    expect(statusText(view).tooltip).toContain('Running `mix test`');
  });

  it('says what REFACTOR changes', () => {
    const verdict = decidePhase(stateAfter({ kind: 'test-run', result: passed, at: 1 }), 'auto');
    expect(statusText({ setting: 'auto', verdict, lastRun: { via: 'command', countsKnown: true, exitCode: 0 }, running: false })).toEqual({
      text: '$(beaker) OTP · REFACTOR · auto',
      tooltip: expect.stringContaining('Detected: last `mix test` by OTP Advisor passed (12 tests).'),
    });
  });
});

describe('the finding count in the tooltip', () => {
  const view = { setting: 'auto' as const, verdict: decidePhase(initialPhaseState, 'auto'), running: false };

  it('counts findings and files', () => {
    expect(statusText(view, { findings: 8, files: 7 }).tooltip).toContain('8 findings in 7 files (Problems panel).');
    expect(findingsText({ findings: 1, files: 1 })).toBe('1 finding in 1 file (Problems panel).');
  });

  it('says "no findings" and where the server tells what it analysed', () => {
    expect(statusText(view, { findings: 0, files: 0 }).tooltip).toContain('No findings. The **OTP Advisor** output lists each project the server analysed.');
  });

  it('does not claim "no findings" before the server runs', () => {
    expect(statusText(view).tooltip).toContain('The language server is starting.');
    expect(statusText(view).tooltip).not.toContain('No findings');
  });
});

describe('reasonText', () => {
  it('names where the run came from', () => {
    const verdict = decidePhase(stateAfter({ kind: 'test-run', result: failed, at: 1 }, { kind: 'edit', path: 'test/a_test.exs', at: 2 }), 'auto');
    expect(verdict.phase).toBe('red');
    expect(reasonText(verdict, terminal)).toBe('Detected: last `mix test` in the terminal had 2 failures, test files edited since.');
  });

  it.each([
    [0, 'refactor', 'Detected: last `mix test` as a task passed (exit code 0).'],
    [2, 'green', 'Detected: last `mix test` as a task failed (exit code 2), lib files edited since.'],
    [1, 'green', 'Detected: last `mix test` as a task failed (exit code 1), lib files edited since.'],
  ] as const)('does not invent counts for a run known by its exit code %i', (code, phase, text) => {
    const verdict = decidePhase(stateAfter({ kind: 'test-run', result: resultFromExitCode(code)!, at: 1 }, { kind: 'edit', path: 'lib/a.ex', at: 2 }), 'auto');
    expect(verdict.phase).toBe(phase);
    expect(reasonText(verdict, { via: 'task', countsKnown: false, exitCode: code })).toBe(text);
  });
});

describe('phaseChoices', () => {
  it('offers auto with what it detects, then the three phases, the current one active', () => {
    const detected = decidePhase(stateAfter({ kind: 'test-run', result: passed, at: 1 }), 'auto');
    const { items, active } = phaseChoices('green', detected, terminal);
    expect(items.map((i) => i.setting)).toEqual(['auto', 'red', 'green', 'refactor']);
    expect(items[0].description).toBe('now REFACTOR');
    expect(items[2].description).toContain('(current)');
    expect(active).toBe(2);
  });
});

describe('reasonText without a run', () => {
  it('leaves the detector reason alone when there is no last run to describe', () => {
    const verdict = decidePhase(initialPhaseState, 'auto');
    expect(reasonText(verdict, { via: 'terminal', countsKnown: false })).toBe('Detected: no `mix test` run yet.');
  });
});
