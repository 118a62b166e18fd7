// Phase commands: set the TDD phase (quick pick or argument) and run `mix test` to detect it.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { ExUnitResult } from '../../analysis/phase-detection/exunit';
import type { Phase } from '../../analysis/phases';
import type { PhaseSetting } from '../../analysis/phase-detection/detect';
import type { Ctx } from '../ctx';
import { outermostDirs, projectRootFor, runMixTest, type MixTestRun } from '../mix-test';
import { isEnvironmentProblem, mixTestProblem, type MixTestProblem } from '../mix-test-problem';
import { isPhaseSetting } from '../../analysis/editor-settings';
import { phaseChoices, type PhaseChoice } from '../status-text';
import { verdictOf } from '../test-runs';
import type { Command } from './index';

export interface PhaseResult {
  setting: PhaseSetting;
  phase: Phase;
  reason: string;
}

export type TestRunResult =
  | ({ status: 'done'; exitCode: number | null; result?: ExUnitResult } & PhaseResult)
  | { status: 'cancelled' }
  | { status: 'no-project' }
  | { status: 'not-started'; message: string }
  | { status: 'could-not-run'; problem: MixTestProblem };

const RESTRICTED =
  'OTP Advisor runs no `mix test` in Restricted Mode: it would run code from this workspace. Trust the workspace to run tests; diagnostics work either way.';
const IGNORED_DIRS = '**/{deps,_build,node_modules,.elixir_ls,.git}/**';

export function phaseCommands(ctx: Ctx): Record<'setPhase' | 'runTests', Command> {
  const output = vscode.window.createOutputChannel('OTP Advisor: mix test');
  ctx.subscriptions.push(output);
  const current = (): PhaseResult => ({ setting: ctx.phase.setting, phase: ctx.phase.phase, reason: ctx.phase.verdict.reason });

  return {
    setPhase: {
      async run(arg?: unknown): Promise<PhaseResult | { status: 'cancelled' }> {
        if (arg !== undefined && !isPhaseSetting(arg)) throw new Error(`${JSON.stringify(arg)} is not a phase: use auto, red, green or refactor.`);
        const setting = arg ?? (await pickPhase(ctx));
        if (!setting) return { status: 'cancelled' };
        await ctx.phase.choose(setting);
        return current();
      },
    },

    runTests: {
      refuse: () => (!vscode.workspace.isTrusted ? RESTRICTED : ctx.phase.isRunning ? 'OTP Advisor: `mix test` is already running.' : undefined),
      async run(): Promise<TestRunResult> {
        const root = await projectToTest();
        if (root === 'cancelled') return { status: 'cancelled' };
        if (!root) {
          void vscode.window.showWarningMessage('OTP Advisor: no mix.exs in this workspace, so no `mix test` to run.');
          return { status: 'no-project' };
        }
        output.clear();
        output.show(true);
        output.appendLine(`$ mix test    (in ${root})`);
        ctx.log.info(`Running mix test in ${root}.`);
        const at = Date.now();
        ctx.phase.setRunning(true);
        let run: MixTestRun;
        try {
          run = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: 'OTP Advisor: mix test', cancellable: true },
            (_progress, token) => {
              const abort = new AbortController();
              token.onCancellationRequested(() => abort.abort());
              return runMixTest({ cwd: root, signal: abort.signal, onOutput: (text) => output.append(text) });
            },
          );
        } finally {
          ctx.phase.setRunning(false);
        }
        if (run.status === 'cancelled') {
          output.appendLine('\n(cancelled: the phase is unchanged)');
          return run;
        }
        if (run.status === 'not-started') {
          output.appendLine(`\n${run.message}`);
          void vscode.window.showErrorMessage(`OTP Advisor: ${run.message}`);
          return run;
        }
        const problem = mixTestProblem(run.output, run.exitCode);
        if (problem) output.appendLine(`\n${problem.message}`);
        // Hex, deps or mix missing says nothing about the tests: the phase stays, the user learns why.
        if (problem && isEnvironmentProblem(problem)) {
          void vscode.window.showErrorMessage(`OTP Advisor: ${problem.message} The phase is unchanged.`);
          return { status: 'could-not-run', problem };
        }
        const verdict = verdictOf(run.output, run.exitCode);
        if (!verdict) {
          void vscode.window.showWarningMessage('OTP Advisor: `mix test` ended without a result (see its output); the phase is unchanged.');
          return { status: 'done', exitCode: run.exitCode, ...current() };
        }
        ctx.phase.recordRun(verdict, at, { via: 'command', countsKnown: verdict.countsKnown, exitCode: run.exitCode ?? undefined });
        const result = current();
        // Code that does not compile is a failing run (RED or GREEN), but no test ran: say it plainly.
        if (problem) void vscode.window.showWarningMessage(`OTP Advisor: ${problem.message} Phase: ${result.phase.toUpperCase()}.`);
        else vscode.window.setStatusBarMessage(`$(beaker) mix test: ${summary(verdict.result)} → ${result.phase.toUpperCase()}`, 8000);
        return { status: 'done', exitCode: run.exitCode, result: verdict.result, ...result };
      },
    },
  };
}

function summary(r: ExUnitResult): string {
  if (r.compileError) return 'did not compile';
  return `${r.tests} tests, ${r.failures} failure${r.failures === 1 ? '' : 's'}`;
}

async function pickPhase(ctx: Ctx): Promise<PhaseSetting | undefined> {
  const { items, active } = phaseChoices(ctx.phase.setting, ctx.phase.detected, ctx.phase.lastRun);
  const pick = vscode.window.createQuickPick<PhaseChoice & vscode.QuickPickItem>();
  pick.title = 'OTP Advisor: TDD phase';
  pick.placeholder = 'Follow test runs (auto) or set the phase';
  pick.items = items;
  pick.activeItems = active >= 0 ? [items[active]] : [];
  pick.matchOnDescription = true;
  try {
    return await new Promise<PhaseSetting | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]?.setting));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}

/** The project of the active file, else the only mix project of the workspace, else the user's pick. */
async function projectToTest(): Promise<string | undefined | 'cancelled'> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = active && vscode.workspace.getWorkspaceFolder(active);
  if (active?.scheme === 'file' && folder?.uri.scheme === 'file') {
    const root = projectRootFor(active.fsPath, folder.uri.fsPath);
    if (root) return root;
  }
  const found = await vscode.workspace.findFiles('**/mix.exs', IGNORED_DIRS, 500);
  const roots = outermostDirs(found.filter((u) => u.scheme === 'file').map((u) => dirname(u.fsPath)));
  if (roots.length <= 1) return roots[0];
  const pick = await vscode.window.showQuickPick(
    roots.map((root) => ({ label: vscode.workspace.asRelativePath(root), root })),
    { title: 'OTP Advisor: run mix test in', placeHolder: 'Which mix project?' },
  );
  return pick?.root ?? 'cancelled';
}
