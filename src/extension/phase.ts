// The TDD phase in effect: the user's pick or setting, else `auto`, which feeds the pure detector
// (analysis/phase-detection/detect.ts) with `mix test` runs from terminals, tasks and our own command, and with
// edits of lib and test files. Runs without shell integration or an exit code are simply not seen.
import { dirname, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import type { Phase } from '../analysis/phases';
import { decidePhase, isMixTestCommand, nextPhaseState, type PhaseSetting, type PhaseState, type PhaseVerdict } from '../analysis/phase-detection/detect';
import type { Config } from './config';
import type { Ctx } from './ctx';
import type { Log } from './log';
import { projectRootFor } from './mix-test';
import { isEnvironmentProblem, mixTestProblem } from './mix-test-problem';
import { isPhaseSetting } from '../analysis/editor-settings';
import type { PhaseView, RunInfo } from './status-text';
import { restorePhaseState, Tail, taskCommandLine, verdictOf, type RunVerdict } from './test-runs';

const PICK_KEY = 'otpAdvisor.phaseSetting';
const STATE_KEY = 'otpAdvisor.phaseState';
const RUN_KEY = 'otpAdvisor.lastRun';
/** Edits remembered to replay after a run that was going on while they were made. */
const MAX_EDITS = 500;
/** How long to wait, after a terminal command ends, for the rest of its output. */
const READ_GRACE_MS = 2000;

function isRunInfo(x: unknown): x is RunInfo {
  const r = x as RunInfo | undefined;
  return !!r && ['terminal', 'task', 'command'].includes(r.via) && typeof r.countsKnown === 'boolean';
}

export class PhaseController implements vscode.Disposable {
  private state: PhaseState;
  private run: RunInfo | undefined;
  private running = 0;
  private readonly edits = new Map<string, number>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly config: Config,
    private readonly log: Log,
  ) {
    this.state = restorePhaseState(memento.get(STATE_KEY));
    const run = memento.get(RUN_KEY);
    this.run = isRunInfo(run) ? run : undefined;
  }

  /** The pick from the status bar (this workspace), else the `otpAdvisor.phase` setting. */
  get setting(): PhaseSetting {
    const pick = this.memento.get(PICK_KEY);
    return isPhaseSetting(pick) ? pick : this.config.phase;
  }

  get verdict(): PhaseVerdict {
    return decidePhase(this.state, this.setting);
  }

  get phase(): Phase {
    return this.verdict.phase;
  }

  /** What `auto` would say now, whatever the setting. */
  get detected(): PhaseVerdict {
    return decidePhase(this.state, 'auto');
  }

  get lastRun(): RunInfo | undefined {
    return this.run;
  }

  get isRunning(): boolean {
    return this.running > 0;
  }

  get view(): PhaseView {
    return { setting: this.setting, verdict: this.verdict, lastRun: this.run, running: this.isRunning };
  }

  async choose(setting: PhaseSetting): Promise<void> {
    await this.memento.update(PICK_KEY, setting);
    this.log.info(`Phase set to ${setting}.`);
    this.emitter.fire();
  }

  /** `otpAdvisor.phase` was changed in the settings: the newest choice wins over an earlier pick. */
  async settingChanged(): Promise<void> {
    await this.memento.update(PICK_KEY, undefined);
    this.emitter.fire();
  }

  setRunning(on: boolean): void {
    this.running += on ? 1 : -1;
    this.emitter.fire();
  }

  recordEdit(path: string, at = Date.now()): void {
    this.edits.delete(path);
    this.edits.set(path, at);
    if (this.edits.size > MAX_EDITS) this.edits.delete(this.edits.keys().next().value!);
    this.update(nextPhaseState(this.state, { kind: 'edit', path, at }));
  }

  /** A finished run, `at` its start. False when it gave no verdict (no test ran, or older than the last one). */
  recordRun(verdict: RunVerdict, at: number, info: RunInfo): boolean {
    let next = nextPhaseState(this.state, { kind: 'test-run', result: verdict.result, at });
    if (next === this.state) {
      this.log.info(`mix test (${info.via}): no verdict (no test ran, or older than the last run).`);
      return false;
    }
    // Edits made while the run was going on are edits since it.
    for (const [path, time] of [...this.edits].sort((a, b) => a[1] - b[1])) {
      if (time >= at) next = nextPhaseState(next, { kind: 'edit', path, at: time });
      else this.edits.delete(path);
    }
    this.run = info;
    void this.memento.update(RUN_KEY, info);
    const { tests, failures, compileError } = verdict.result;
    const counts = !verdict.countsKnown ? `exit code ${info.exitCode ?? '?'}` : compileError ? 'did not compile' : `${tests} tests, ${failures} failures`;
    this.log.info(`mix test (${info.via}): ${counts}.`);
    this.update(next);
    return true;
  }

  private update(next: PhaseState): void {
    if (next === this.state) return;
    this.state = next;
    void this.memento.update(STATE_KEY, next);
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** Project-relative `/` path of a file (the outermost mix project in its workspace folder), for the detector. */
function projectPaths(): { of(uri: vscode.Uri): string | undefined; forget(): void } {
  const roots = new Map<string, string | undefined>();
  return {
    of(uri) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder || folder.uri.scheme !== 'file') return undefined;
      const dir = dirname(uri.fsPath);
      if (!roots.has(dir)) roots.set(dir, projectRootFor(uri.fsPath, folder.uri.fsPath));
      return relative(roots.get(dir) ?? folder.uri.fsPath, uri.fsPath).split(sep).join('/');
    },
    forget: () => roots.clear(),
  };
}

const ELIXIR_FILE = /\.(?:ex|exs|heex|eex)$/;

export function registerPhase(ctx: Ctx): void {
  const { phase, log } = ctx;
  const paths = projectPaths();
  const edited = (uri: vscode.Uri) => {
    if (uri.scheme !== 'file' || !ELIXIR_FILE.test(uri.fsPath)) return;
    const path = paths.of(uri);
    if (path) phase.recordEdit(path);
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{ex,exs,heex,eex}');
  const mixExsChanged = (uri: vscode.Uri) => uri.fsPath.endsWith(`${sep}mix.exs`) && paths.forget();
  ctx.subscriptions.push(
    watcher,
    watcher.onDidChange(edited),
    watcher.onDidCreate((uri) => (mixExsChanged(uri), edited(uri))),
    watcher.onDidDelete(mixExsChanged),
    vscode.workspace.onDidChangeWorkspaceFolders(() => paths.forget()),
    vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && edited(e.document.uri)),
    ctx.config.onDidChange((affects) => affects('phase') && void phase.settingChanged()),
  );

  // Terminal commands (shell integration): output must be read from the start, the verdict comes at the end.
  const reading = new Map<vscode.TerminalShellExecution, { terminal: vscode.Terminal; at: number; tail: Tail; done: Promise<void> }>();
  ctx.subscriptions.push(
    vscode.window.onDidStartTerminalShellExecution(({ terminal, execution }) => {
      const line = execution.commandLine.value;
      // The command line can be empty or partial at the start: read those too, decide at the end.
      if (line.trim() && !isMixTestCommand(line)) return;
      const tail = new Tail();
      const done = (async () => {
        for await (const chunk of execution.read()) tail.push(chunk);
      })().catch((e: unknown) => log.debug(`Terminal output unreadable: ${String(e)}`));
      reading.set(execution, { terminal, at: Date.now(), tail, done });
    }),
    // A terminal closed in the middle of a command never reports its end.
    vscode.window.onDidCloseTerminal((closed) => {
      for (const [execution, { terminal }] of reading) if (terminal === closed) reading.delete(execution);
    }),
    vscode.window.onDidEndTerminalShellExecution(async ({ execution, exitCode }) => {
      const started = reading.get(execution);
      reading.delete(execution);
      if (!isMixTestCommand(execution.commandLine.value)) return;
      if (started) await Promise.race([started.done, new Promise((r) => setTimeout(r, READ_GRACE_MS))]);
      const output = started?.tail.toString();
      const problem = output === undefined ? undefined : mixTestProblem(output, exitCode);
      if (problem && isEnvironmentProblem(problem)) return log.info(`mix test in a terminal: ${problem.message} Phase unchanged.`);
      const verdict = verdictOf(output, exitCode);
      if (!verdict) return log.info('mix test in a terminal ended with no summary and no exit code: phase unchanged.');
      phase.recordRun(verdict, started?.at ?? Date.now(), { via: 'terminal', countsKnown: verdict.countsKnown, exitCode });
    }),
  );

  // Tasks: only the exit code is known.
  const taskStarts = new Map<vscode.TaskExecution, number>();
  ctx.subscriptions.push(
    vscode.tasks.onDidStartTaskProcess((e) => taskStarts.set(e.execution, Date.now())),
    vscode.tasks.onDidEndTaskProcess((e) => {
      const at = taskStarts.get(e.execution) ?? Date.now();
      taskStarts.delete(e.execution);
      const run = e.execution.task.execution;
      const line =
        run instanceof vscode.ShellExecution
          ? taskCommandLine({ commandLine: run.commandLine, command: run.command, args: run.args })
          : run instanceof vscode.ProcessExecution
            ? taskCommandLine({ process: run.process, args: run.args })
            : undefined;
      if (!line || !isMixTestCommand(line)) return;
      const verdict = verdictOf(undefined, e.exitCode);
      if (!verdict) return log.info('mix test task ended with no exit code: phase unchanged.');
      phase.recordRun(verdict, at, { via: 'task', countsKnown: false, exitCode: e.exitCode });
    }),
  );
}
