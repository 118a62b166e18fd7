// The client's settings under `otpAdvisor`, the phase among them (the one channel it reaches the server by):
// read, handed to every project, and everything re-published when they change.
import type { RuleSetting } from '../analysis/config';
import { isRecord, readSection } from '../analysis/editor-settings';
import { publishDirty } from './publish';
import type { ServerState } from './state';

export async function pullSettings(s: ServerState): Promise<void> {
  if (!s.canPullConfig) return;
  useSettings(s, readSection(await s.connection.workspace.getConfiguration('otpAdvisor')));
}

function useSettings(s: ServerState, settings: ServerState['settings']): void {
  s.settings = settings;
  s.projects.maxFileBytes = Math.round(settings.maxFileSize * 1024 * 1024);
  for (const root of s.projects.roots()) applySettings(s, root);
}

export function applySettings(s: ServerState, root: string): void {
  s.projects.project(root)?.setEditorSettings({ rules: s.settings.rules as Record<string, RuleSetting>, exclude: s.settings.exclude });
}

export function onSettingsChanges(s: ServerState): void {
  const { connection } = s;
  connection.onDidChangeConfiguration(async ({ settings }) => {
    if (s.canPullConfig) await pullSettings(s);
    // A client that cannot be asked pushes the section with the notification.
    else if (isRecord(settings) && settings.otpAdvisor !== undefined) useSettings(s, readSection(settings.otpAdvisor));
    for (const root of s.projects.roots()) s.dirtyRoots.add(root);
    publishDirty(s);
  });
}
