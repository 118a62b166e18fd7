// Why a `mix test` run gave no test result, read from its output: mix missing, Hex missing,
// dependencies not fetched, no mix project (the machine: the phase must not change), or the project's
// code not compiling or its test helper crashing (the code: a failing run, as the detector counts it).
import { parseExUnit } from '../analysis/phase-detection/exunit';

export type MixTestProblem =
  | { kind: 'mix-not-found' | 'hex-missing' | 'deps-missing' | 'not-a-project'; message: string }
  | { kind: 'compile-error'; message: string };

const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]/g;

/** The first line matching `re`, trimmed. */
function firstLine(lines: string[], re: RegExp): string | undefined {
  return lines.find((l) => re.test(l))?.trim();
}

/**
 * The problem that kept `mix test` from reporting test results, or undefined when ExUnit ran (or the
 * output says nothing recognisable: the caller falls back to the exit code).
 */
export function mixTestProblem(output: string, exitCode: number | null | undefined): MixTestProblem | undefined {
  const lines = output.replace(ESCAPES, '').split(/\r*\n|\r/);
  const result = parseExUnit(output);
  // A shell that could not find mix (a terminal; VS Code itself runs mix through one on Windows).
  if (!result && (exitCode === 127 || lines.some((l) => /\bmix\b.*\b(?:not found|not recognized)/i.test(l)))) {
    return { kind: 'mix-not-found', message: '`mix` was not found on the PATH of VS Code. Install Elixir or start VS Code from a shell where `mix` works.' };
  }
  if (lines.some((l) => /^Could not find Hex, which is needed to build dependency/.test(l))) {
    return { kind: 'hex-missing', message: '`mix test` could not run: Hex is not installed and the project has Hex dependencies. Run `mix local.hex`, then `mix deps.get`.' };
  }
  if (lines.some((l) => /^Unchecked dependencies for environment /.test(l))) {
    const missing = lines.flatMap((l, i) => (/dependency is not available/.test(l) ? [/^\* (\S+)/.exec(lines[i - 1] ?? '')?.[1]] : [])).filter((d): d is string => !!d);
    const names = missing.length ? ` (${missing.join(', ')})` : '';
    return { kind: 'deps-missing', message: `\`mix test\` could not run: dependencies are not fetched${names}. Run \`mix deps.get\`.` };
  }
  if (lines.some((l) => /^\*\* \(Mix\) Could not find a Mix\.Project/.test(l))) {
    return { kind: 'not-a-project', message: '`mix test` could not run: no mix.exs where it ran.' };
  }
  if (result?.compileError) {
    const error = firstLine(lines, /^\*\* \(\w+Error\)|^(?:\*\* \(Mix\) )?[Cc]ould not compile dependency /);
    return { kind: 'compile-error', message: `\`mix test\` did not compile${error ? `: ${error}` : '.'}` };
  }
  // No summary and exit 1: something raised before ExUnit started (test_helper.exs, a config file).
  if (!result && exitCode === 1) {
    const error = firstLine(lines, /^\*\* \(/);
    if (error) return { kind: 'compile-error', message: `\`mix test\` stopped before running tests: ${error}` };
  }
  return undefined;
}

/** True for problems of the machine, not of the code: no verdict on the tests, the phase stays. */
export function isEnvironmentProblem(problem: MixTestProblem): boolean {
  return problem.kind !== 'compile-error';
}
