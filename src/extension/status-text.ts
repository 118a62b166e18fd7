// What the status bar item and the phase quick pick say. No `vscode` import.
import type { Phase } from '../analysis/phases';
import type { PhaseSetting, PhaseVerdict } from '../analysis/phase-detection/detect';

/** Where the last run's verdict came from. */
export interface RunInfo {
  via: 'terminal' | 'task' | 'command';
  /** False when only the exit code was known (a task, a terminal whose output could not be read). */
  countsKnown: boolean;
  exitCode?: number;
}

export interface PhaseView {
  setting: PhaseSetting;
  verdict: PhaseVerdict;
  lastRun?: RunInfo;
  /** The extension's own `mix test` is running. */
  running: boolean;
}

/** OTP Advisor findings in VS Code's diagnostics; undefined until the language server runs. */
export interface FindingCount {
  findings: number;
  files: number;
}

const VIA: Record<RunInfo['via'], string> = { terminal: 'in the terminal', task: 'as a task', command: 'by OTP Advisor' };

const ABOUT: Record<Phase, { doing: string; effect: string }> = {
  red: { doing: 'writing a failing test', effect: 'Premature OTP is a warning.' },
  green: { doing: 'making the tests pass', effect: 'Premature OTP is a warning.' },
  refactor: { doing: 'tests pass, improving the design', effect: 'Premature OTP is information, and refactor triggers show: the time to consider OTP.' },
};

/** "OTP" names the owner: a bare "GREEN" could be any extension's. */
export function statusText(view: PhaseView, count?: FindingCount): { text: string; tooltip: string } {
  const icon = view.running ? '$(sync~spin)' : '$(beaker)';
  const phase = view.verdict.phase.toUpperCase();
  return {
    text: `${icon} OTP · ${phase} · ${view.setting === 'auto' ? 'auto' : 'manual'}`,
    tooltip: [
      `**OTP Advisor** — TDD phase ${phase} (${ABOUT[view.verdict.phase].doing})`,
      '',
      findingsText(count),
      '',
      view.running ? 'Running `mix test`…' : reasonText(view.verdict, view.lastRun),
      '',
      ABOUT[view.verdict.phase].effect,
      '',
      'Click to set the phase or follow test runs (auto).',
    ].join('\n'),
  };
}

/** No findings must not read like a server that did nothing: say where its log tells what it analysed. */
export function findingsText(count?: FindingCount): string {
  if (!count) return 'The language server is starting.';
  if (!count.findings) return 'No findings. The **OTP Advisor** output lists each project the server analysed.';
  const files = count.files === 1 ? '1 file' : `${count.files} files`;
  return `${count.findings === 1 ? '1 finding' : `${count.findings} findings`} in ${files} (Problems panel).`;
}

/**
 * The verdict's reason as a sentence. A run known only by its exit code has no real counts: the
 * detector's "(0 tests)" or "1 failure" become the exit code.
 */
export function reasonText(verdict: PhaseVerdict, run?: RunInfo): string {
  let text = verdict.reason;
  if (run && text.includes('last `mix test`')) {
    if (!run.countsKnown) {
      const code = run.exitCode === undefined ? '' : ` (exit code ${run.exitCode})`;
      text = text
        .replace(/ passed \(\d+ tests?\)/, ` passed${code}`)
        .replace(/ had \d+ failures?/, ` failed${code}`)
        .replace(/ did not compile/, ` failed${code}`);
    }
    text = text.replace('last `mix test`', `last \`mix test\` ${VIA[run.via]}`);
  }
  text = text.replace(/^(auto|manual): /, (_, how: string) => (how === 'auto' ? 'Detected: ' : 'Set by hand: '));
  return text.endsWith('.') ? text : `${text}.`;
}

export interface PhaseChoice {
  setting: PhaseSetting;
  label: string;
  description: string;
  detail: string;
}

/** The quick pick's items, `auto` first with what it currently detects, and the index of the current setting. */
export function phaseChoices(current: PhaseSetting, detected: PhaseVerdict, lastRun?: RunInfo): { items: PhaseChoice[]; active: number } {
  const mark = (s: PhaseSetting) => (s === current ? ' (current)' : '');
  const items: PhaseChoice[] = [
    {
      setting: 'auto',
      label: '$(sync) Auto',
      description: `now ${detected.phase.toUpperCase()}${mark('auto')}`,
      detail: `Follows your \`mix test\` runs. ${reasonText(detected, lastRun)}`,
    },
    ...(['red', 'green', 'refactor'] as const).map((p) => ({
      setting: p,
      label: `$(beaker) ${p.toUpperCase()}`,
      description: `${ABOUT[p].doing}${mark(p)}`,
      detail: ABOUT[p].effect,
    })),
  ];
  return { items, active: items.findIndex((i) => i.setting === current) };
}
