import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialPhaseState, isMixTestCommand } from '../../src/analysis/phase-detection/detect';
import { restorePhaseState, resultFromExitCode, Tail, taskCommandLine, verdictOf } from '../../src/extension/test-runs';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/exunit', `${name}.txt`), 'utf8');

describe('verdictOf', () => {
  it('reads the ExUnit summary, colours included', () => {
    expect(verdictOf(fixture('failing-color'), 2)).toMatchObject({ countsKnown: true, result: { failures: expect.any(Number) } });
    expect(verdictOf(fixture('failing-color'), 2)!.result.failures).toBeGreaterThan(0);
    expect(verdictOf(fixture('passing'), 0)).toMatchObject({ countsKnown: true, result: { tests: 2, failures: 0 } });
  });

  it('trusts the summary over the exit code', () => {
    expect(verdictOf(fixture('passing'), undefined)).toMatchObject({ countsKnown: true, result: { failures: 0 } });
  });

  it('falls back to the exit code when the output has no summary', () => {
    expect(verdictOf('', 0)).toEqual({ countsKnown: false, result: resultFromExitCode(0) });
    expect(verdictOf(undefined, 2)).toEqual({ countsKnown: false, result: resultFromExitCode(2) });
    expect(verdictOf(fixture('interrupted-sigterm'), 2)).toMatchObject({ countsKnown: false });
  });

  it('gives no verdict with neither', () => {
    expect(verdictOf(fixture('interrupted-sigterm'), undefined)).toBeUndefined();
    expect(verdictOf(undefined, undefined)).toBeUndefined();
  });
});

describe('resultFromExitCode', () => {
  it.each([
    [0, { failures: 0, compileError: false }],
    [1, { compileError: true }],
    [2, { failures: 1, compileError: false }],
  ])('maps %i', (code, expected) => {
    expect(resultFromExitCode(code)).toMatchObject({ noTests: false, ...expected });
  });

  it.each([undefined, null, 130, 137])('has no verdict for %j (unknown, or a signal)', (code) => {
    expect(resultFromExitCode(code)).toBeUndefined();
  });
});

describe('taskCommandLine', () => {
  it('reads shell and process executions', () => {
    expect(taskCommandLine({ commandLine: 'mix test --failed' })).toBe('mix test --failed');
    expect(taskCommandLine({ command: 'mix', args: ['test', { value: 'test/a_test.exs' }] })).toBe('mix test test/a_test.exs');
    expect(taskCommandLine({ command: { value: 'mix' }, args: ['test'] })).toBe('mix test');
    expect(taskCommandLine({ process: '/usr/local/bin/mix', args: ['test'] })).toBe('/usr/local/bin/mix test');
    expect(taskCommandLine({})).toBeUndefined();
  });

  it('feeds the detector command matcher', () => {
    expect(isMixTestCommand(taskCommandLine({ process: '/usr/local/bin/mix', args: ['test'] })!)).toBe(true);
    expect(isMixTestCommand(taskCommandLine({ command: 'mix', args: ['compile'] })!)).toBe(false);
  });
});

describe('restorePhaseState', () => {
  it('restores a saved state', () => {
    const saved = { lastRun: { result: { tests: 3, failures: 1, compileError: false, noTests: false }, at: 5 }, editedSince: { tests: true, lib: false } };
    expect(restorePhaseState(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
    expect(restorePhaseState({ editedSince: { tests: false, lib: true } })).toEqual({ editedSince: { tests: false, lib: true } });
  });

  it.each([undefined, null, 'x', {}, { editedSince: { tests: 1, lib: false } }, { lastRun: { at: 'now', result: {} }, editedSince: { tests: false, lib: false } }])(
    'starts over from a broken state (%j)',
    (raw) => {
      expect(restorePhaseState(raw)).toEqual(initialPhaseState);
    },
  );
});

describe('Tail', () => {
  it('keeps the end of the stream', () => {
    const tail = new Tail(5);
    tail.push('abc');
    tail.push('defg');
    expect(tail.toString()).toBe('cdefg');
  });
});
