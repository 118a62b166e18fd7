import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decidePhase,
  initialPhaseState,
  isMixTestCommand,
  nextPhaseState,
  type PhaseEvent,
  type PhaseSetting,
} from '../../../src/analysis/phase-detection/detect';
import { parseExUnit } from '../../../src/analysis/phase-detection/exunit';

const run = (fixture: string, at: number): PhaseEvent => {
  const text = readFileSync(join(__dirname, '../../fixtures/exunit', `${fixture}.txt`), 'utf8');
  return { kind: 'test-run', result: parseExUnit(text)!, at };
};
const edit = (path: string, at: number): PhaseEvent => ({ kind: 'edit', path, at });
const decide = (events: PhaseEvent[], setting: PhaseSetting = 'auto') =>
  decidePhase(events.reduce(nextPhaseState, initialPhaseState), setting);

describe('decidePhase', () => {
  it.each<[string, PhaseEvent[], string, string]>([
    ['no run yet', [],
      'green', 'auto: no `mix test` run yet'],
    ['no run yet, edits only', [edit('test/shop_test.exs', 1)],
      'green', 'auto: no `mix test` run yet'],
    ['a pass', [run('passing', 1)],
      'refactor', 'auto: last `mix test` passed (2 tests)'],
    ['a pass, tests edited since', [run('single', 1), edit('test/a_test.exs', 2)],
      'refactor', 'auto: last `mix test` passed (1 test)'],
    ['failures, nothing edited', [run('failing', 1)],
      'green', 'auto: last `mix test` had 2 failures, nothing edited since'],
    ['failures, lib edited', [run('failing', 1), edit('lib/failing.ex', 2)],
      'green', 'auto: last `mix test` had 2 failures, lib files edited since'],
    ['failures, test edited', [run('failing', 1), edit('test/failing_test.exs', 2)],
      'red', 'auto: last `mix test` had 2 failures, test files edited since'],
    ['failures, lib then test edited', [run('failing', 1), edit('lib/failing.ex', 2), edit('test/failing_test.exs', 3)],
      'red', 'auto: last `mix test` had 2 failures, test files edited since'],
    ['umbrella failures, app test edited', [run('umbrella', 1), edit('apps/billing/test/billing_test.exs', 2)],
      'red', 'auto: last `mix test` had 1 failure, test files edited since'],
    ['failures, config edited', [run('failing', 1), edit('config/config.exs', 2), edit('mix.exs', 3)],
      'green', 'auto: last `mix test` had 2 failures, nothing edited since'],
    ['compile error, test edited', [run('compile-error-test', 1), edit('test/broken_test_test.exs', 2)],
      'red', 'auto: last `mix test` did not compile, test files edited since'],
    ['compile error, lib edited', [run('compile-error-lib', 1), edit('lib/broken_lib.ex', 2)],
      'green', 'auto: last `mix test` did not compile, lib files edited since'],
    ['setup_all failure and a failure', [run('tags', 1)],
      'green', 'auto: last `mix test` had 1 failure and 2 invalid, nothing edited since'],
    ['failures then a fix that passes', [run('failing', 1), edit('lib/failing.ex', 2), run('failed-fixed', 3)],
      'refactor', 'auto: last `mix test` passed (2 tests)'],
    ['a pass, a new test, its failing run', [run('passing', 1), edit('test/a_test.exs', 2), run('failing', 3)],
      'green', 'auto: last `mix test` had 2 failures, nothing edited since'],
    ['a run of no test changes nothing', [run('failing', 1), edit('test/a_test.exs', 2), run('no-tests', 3)],
      'red', 'auto: last `mix test` had 2 failures, test files edited since'],
    ['all excluded keeps no run', [run('all-excluded', 1)],
      'green', 'auto: no `mix test` run yet'],
    ['an edit reported late is before the run', [run('failing', 5), edit('test/failing_test.exs', 4)],
      'green', 'auto: last `mix test` had 2 failures, nothing edited since'],
    ['a run reported late is ignored', [run('passing', 5), run('failing', 4)],
      'refactor', 'auto: last `mix test` passed (2 tests)'],
  ])('%s', (_name, events, phase, reason) => {
    expect(decide(events)).toEqual({ phase, reason });
  });

  it('lets a manual phase win over the runs', () => {
    const events = [run('failing', 1), edit('test/failing_test.exs', 2)];
    expect(decide(events, 'refactor')).toEqual({ phase: 'refactor', reason: 'manual: phase set to refactor' });
    expect(decide([], 'red')).toEqual({ phase: 'red', reason: 'manual: phase set to red' });
  });

  it('does not copy the state for an edit that changes nothing', () => {
    const state = nextPhaseState(initialPhaseState, edit('test/a_test.exs', 1));
    expect(nextPhaseState(state, edit('test/b_test.exs', 2))).toBe(state);
  });
});

describe('isMixTestCommand', () => {
  it.each([
    'mix test',
    'mix test --failed',
    'mix test test/shop_test.exs:12 --trace',
    'MIX_ENV=test mix test --failed',
    'env MIX_ENV=test mix test',
    'time mix test',
    'iex -S mix test',
    'iex --dbg pry -S mix test --trace',
    'elixir --sname a -S mix test',
    'mix compile && mix test',
    'cd apps/billing && mix test --color',
    '$env:MIX_ENV="test"; mix test',
    'mix test 2>&1 | tee test.log',
    '  mix   test  ',
  ])('runs ExUnit: %s', (line) => {
    expect(isMixTestCommand(line)).toBe(true);
  });

  it.each([
    'mix test.watch',
    'mix test.coverage',
    'mix compile',
    'mix',
    'iex -S mix',
    'iex -S mix phx.server',
    'echo mix test',
    'git commit -m "mix test passes"',
    '',
  ])('does not: %s', (line) => {
    expect(isMixTestCommand(line)).toBe(false);
  });
});
