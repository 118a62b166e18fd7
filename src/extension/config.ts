// Typed access to the `otpAdvisor` settings: the only module that calls `getConfiguration`.
import * as vscode from 'vscode';
import type { Phase } from '../analysis/phases';
import type { PhaseSetting } from '../analysis/phase-detection/detect';
import { readSettings, serverSection, type AdvisorSettings } from '../analysis/editor-settings';

export const SECTION = 'otpAdvisor';

export class Config {
  private read() {
    const section = vscode.workspace.getConfiguration(SECTION);
    return readSettings((key) => section.get(key));
  }

  get phase(): PhaseSetting {
    return this.read().phase;
  }

  get debounceMs(): number {
    return this.read().debounceMs;
  }

  get advisor(): AdvisorSettings {
    return this.read().advisor;
  }

  /** Saves the chosen persona for this workspace (empty: the built-in one). */
  async setPersona(name: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('advisor.persona', name, vscode.ConfigurationTarget.Workspace);
  }

  /** The section for the server's workspace/configuration request, with the phase in effect. */
  serverSection(scopeUri: string | undefined, phase: Phase): Record<string, unknown> {
    const uri = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
    const section = vscode.workspace.getConfiguration(SECTION, uri);
    const { rules, exclude, debounceMs, baselined } = readSettings((key) => section.get(key));
    return serverSection({ rules, exclude, debounceMs, baselined }, phase);
  }

  /** Fires with the changed keys' owner when a setting under `otpAdvisor` changes. */
  onDidChange(listener: (affects: (key: string) => boolean) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) listener((key) => e.affectsConfiguration(`${SECTION}.${key}`));
    });
  }
}
