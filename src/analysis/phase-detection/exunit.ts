// Reads the verdict of one `mix test` command from its terminal output: colours, \r\n, umbrellas.

export interface ExUnitResult {
  /** Every test the summaries count: doctests, properties and tests, excluded, skipped and invalid ones included. */
  tests: number;
  failures: number;
  excluded?: number;
  invalid?: number;
  skipped?: number;
  compileError: boolean;
  /** ExUnit was reached and ran no test: nothing to run, no stale test, or all excluded or skipped. */
  noTests: boolean;
}

type Counts = Pick<ExUnitResult, 'tests' | 'failures' | 'excluded' | 'invalid' | 'skipped'>;
type Outcome = Counts | 'no-tests' | 'compile-error';

// CSI (colours, erase line), OSC (titles, VS Code shell integration) and two-byte escapes.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
// Mix prints `==> app` when it enters an umbrella app or a dependency.
const HEADER = /^==> (\S+)$/;
const FINISHED = /^Finished in \S+ seconds?\b/;
const SUMMARY = /^\d+ [a-z_]+(?:, \d+ [a-z_]+)*$/;
const NO_TESTS = /^(?:There are no tests to run|No stale tests)$/;
// At column 0 only: a test failure can show a CompileError too, indented under its number.
const COMPILE_ERRORS = [
  /^== Compilation error in file /,
  /^\*\* \((?:Compile|Syntax|TokenMissing|MismatchedDelimiter)Error\)/,
  // Elixir 1.14 prints it bare; later versions as a Mix error.
  /^(?:\*\* \(Mix\) )?[Cc]ould not compile dependency /,
];

function readSummary(line: string): Counts | undefined {
  if (!SUMMARY.test(line)) return undefined;
  const counts: Counts = { tests: 0, failures: 0 };
  let hasFailures = false;
  for (const item of line.split(', ')) {
    const [digits, word] = item.split(' ');
    const n = Number(digits);
    if (word === 'failure' || word === 'failures') {
      counts.failures = n;
      hasFailures = true;
    } else if (word === 'excluded' || word === 'invalid' || word === 'skipped') {
      counts[word] = n;
    } else {
      // Any other word is a test type: test, doctest, property, or whatever a library registers.
      // ExUnit 1.14 pluralises unknown types with an `s` ("2 propertys") unless told otherwise.
      counts.tests += n;
    }
  }
  return hasFailures ? counts : undefined;
}

/**
 * The result of one `mix test` command, or undefined when its output holds no verdict (no summary,
 * or a run interrupted before one). Umbrella apps are summed, each from its last outcome.
 */
export function parseExUnit(output: string): ExUnitResult | undefined {
  const lines = output.replace(ESCAPES, '').split(/\r*\n|\r/);
  const outcomes = new Map<string, Outcome>();
  // Text before any header (a single project, or a start cut off) belongs to the app ''.
  let app = '';
  let current: Outcome | undefined;
  // A summary counts only after `Finished in` (`--slowest` lists tests in between): a test can print
  // a line that looks like one.
  let finished = false;
  const settle = (outcome: Outcome) => {
    current = outcome;
    outcomes.set(app, outcome);
  };
  for (const raw of lines) {
    const line = raw.trimEnd();
    const header = HEADER.exec(line);
    if (header) {
      app = header[1];
      current = undefined;
      finished = false;
    } else if (FINISHED.test(line)) {
      finished = true;
    } else if (NO_TESTS.test(line)) {
      settle('no-tests');
    } else if (COMPILE_ERRORS.some((re) => re.test(line))) {
      settle('compile-error');
    } else if (finished) {
      const counts = readSummary(line);
      if (counts) {
        settle(counts);
        finished = false;
      }
    }
  }
  // A last section still without an outcome is a run cut short (Ctrl+C, a kill): no verdict yet.
  if (current === undefined) return undefined;
  return total([...outcomes.values()]);
}

function total(outcomes: Outcome[]): ExUnitResult {
  const result: ExUnitResult = { tests: 0, failures: 0, compileError: false, noTests: false };
  for (const o of outcomes) {
    if (o === 'compile-error') result.compileError = true;
    if (typeof o !== 'object') continue;
    result.tests += o.tests;
    result.failures += o.failures;
    for (const key of ['excluded', 'invalid', 'skipped'] as const) {
      if (o[key] !== undefined) result[key] = (result[key] ?? 0) + o[key];
    }
  }
  const notRun = (result.excluded ?? 0) + (result.skipped ?? 0);
  result.noTests = !result.compileError && result.tests - notRun === 0;
  return result;
}
