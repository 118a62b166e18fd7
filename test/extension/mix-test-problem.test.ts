// Why `mix test` gave no result, on real output captured with Debian's Elixir 1.14 (test/fixtures/exunit).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEnvironmentProblem, mixTestProblem } from '../../src/extension/mix-test-problem';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/exunit', `${name}.txt`), 'utf8');

describe('mixTestProblem', () => {
  it.each([
    ['passing', 0],
    ['failing', 2],
    ['failing-tty', 2],
    ['umbrella', 2],
    ['no-tests', 0],
    ['tags', 2],
  ])('is undefined when ExUnit ran (%s)', (name, code) => {
    expect(mixTestProblem(fixture(name), code)).toBeUndefined();
  });

  it('names missing Hex and how to install it', () => {
    const problem = mixTestProblem(fixture('needs-hex'), 1)!;
    expect(problem).toEqual({ kind: 'hex-missing', message: expect.stringContaining('`mix local.hex`') });
    expect(isEnvironmentProblem(problem)).toBe(true);
  });

  it('names the dependencies to fetch', () => {
    const problem = mixTestProblem(fixture('needs-deps'), 1)!;
    expect(problem).toEqual({ kind: 'deps-missing', message: expect.stringContaining('(helper)') });
    expect(problem.message).toContain('`mix deps.get`');
    expect(isEnvironmentProblem(problem)).toBe(true);
  });

  it('says when mix is not on the PATH of the shell', () => {
    expect(mixTestProblem(fixture('mix-not-found-sh'), 127)).toMatchObject({ kind: 'mix-not-found' });
  });

  it('says when there is no mix project', () => {
    expect(mixTestProblem(fixture('no-mix-project'), 1)).toMatchObject({ kind: 'not-a-project' });
  });

  it.each([
    ['compile-error-lib', 'lib/broken_lib.ex:3: undefined function greeting/0'],
    ['syntax-error-lib', '(SyntaxError) lib/broken_syntax.ex:4:3'],
    ['compile-error-test', 'test/broken_test_test.exs:14: undefined function build_user/0'],
    ['umbrella-compile-error-lib', 'lib/invoice.ex:3:1'],
    ['dep-compile-error', 'lib/helper_dep.ex:2: undefined function undefined_thing/0'],
  ])('quotes the first compile error (%s): a code problem, not the machine', (name, quoted) => {
    const problem = mixTestProblem(fixture(name), 1)!;
    expect(problem.kind).toBe('compile-error');
    expect(problem.message).toMatch(/^`mix test` did not compile: \*\* \(/);
    expect(problem.message).toContain(quoted);
    expect(isEnvironmentProblem(problem)).toBe(false);
  });

  it('quotes the error of a test helper that raises before any test runs', () => {
    expect(mixTestProblem(fixture('test-helper-crash'), 1)).toEqual({
      kind: 'compile-error',
      message: expect.stringContaining('stopped before running tests: ** (UndefinedFunctionError) function Factory.setup!/0 is undefined'),
    });
  });

  it('leaves an interrupted run to the exit code', () => {
    expect(mixTestProblem(fixture('interrupted-sigterm'), 143)).toBeUndefined();
  });
});
