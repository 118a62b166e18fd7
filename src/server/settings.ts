// The client's settings under `otpAdvisor` and its phase notification: read, handed to every project,
// and everything re-published when they change.
import { isPhase } from '../analysis/phases';
import type { RuleSetting } from '../analysis/config';
import { readSection } from '../analysis/editor-settings';
import { SET_PHASE, type SetPhaseParams } from './protocol';
import { publishDirty } from './publish';
import type { ServerState } from './state';

export async function pullSettings(s: ServerState): Promise<void> {
  if (!s.canPullConfig) return;
  s.settings = readSection(await s.connection.workspace.getConfiguration('otpAdvisor'));
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
