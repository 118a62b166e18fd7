// The client's settings under `otpAdvisor` and its phase notification: read, handed to every project,
// and everything re-published when they change.
import { isPhase } from '../analysis/phases';
import type { RuleSetting } from '../analysis/config';
import { DEFAULT_SETTINGS, SET_PHASE, type ServerSettings, type SetPhaseParams } from './protocol';
import { publishDirty } from './publish';
import type { ServerState } from './state';

export async function pullSettings(s: ServerState): Promise<void> {
  if (!s.canPullConfig) return;
  const raw = (await s.connection.workspace.getConfiguration('otpAdvisor')) as Partial<Record<keyof ServerSettings, unknown>> | null;
  s.settings = {
    phase: isPhase(raw?.phase) ? raw.phase : DEFAULT_SETTINGS.phase,
    rules: raw?.rules && typeof raw.rules === 'object' ? (raw.rules as Record<string, unknown>) : {},
    exclude: Array.isArray(raw?.exclude) ? raw.exclude.filter((x): x is string => typeof x === 'string') : [],
    debounceMs: typeof raw?.debounceMs === 'number' && raw.debounceMs >= 0 ? raw.debounceMs : DEFAULT_SETTINGS.debounceMs,
    baselined: raw?.baselined === 'hint' ? 'hint' : DEFAULT_SETTINGS.baselined,
  };
  for (const root of s.projects.roots()) applySettings(s, root);
}

export function applySettings(s: ServerState, root: string): void {
  s.projects.project(root)?.setEditorSettings({ rules: s.settings.rules as Record<string, RuleSetting>, exclude: s.settings.exclude });
}

export function onSettingsChanges(s: ServerState): void {
  const { connection } = s;
  connection.onDidChangeConfiguration(async () => {
    s.notifiedPhase = undefined;
    await pullSettings(s);
    for (const root of s.projects.roots()) s.dirtyRoots.add(root);
    publishDirty(s);
  });

  connection.onNotification(SET_PHASE, (params: SetPhaseParams) => {
    if (!isPhase(params?.phase)) return;
    s.notifiedPhase = params.phase;
    for (const root of s.projects.roots()) s.dirtyRoots.add(root);
    publishDirty(s);
  });
}
