// What a request to the OTP expert needs from VS Code: the API key (SecretStorage, else ANTHROPIC_API_KEY), the
// persona (the setting, resolved against agent files) and the advisor settings.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { findAgentFiles } from '../advisor/agent-files';
import { DEFAULT_MODEL } from '../advisor/client';
import { BUILT_IN_PERSONA } from '../advisor/persona';
import type { Persona } from '../advisor/types';
import type { AskSettings } from './chat/host';
import type { Ctx } from './ctx';

/** The SecretStorage key; the API key is never written to settings, logs, history or the webview. */
export const SECRET = 'otpAdvisor.anthropicApiKey';

export async function apiKey(ctx: Ctx): Promise<string | undefined> {
  return (await ctx.extension.secrets.get(SECRET)) || process.env.ANTHROPIC_API_KEY || undefined;
}

/** Folders whose `.claude/agents` may hold personas: the workspace only when trusted, and the home folder. */
export function agentRoots(): string[] {
  const folders = vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) : [];
  return [...folders, homedir()];
}

/** The chosen persona; a missing or broken agent file falls back to the built-in expert, with a warning. */
async function persona(ctx: Ctx): Promise<Persona> {
  const chosen = ctx.config.advisor.persona;
  if (!chosen || chosen === BUILT_IN_PERSONA.name) return BUILT_IN_PERSONA;
  const { personas, errors } = await findAgentFiles(agentRoots());
  const found = personas.find((p) => p.name === chosen);
  if (found) return found;
  const problem = errors.find((e) => e.message.includes(chosen))?.message ?? `no agent file named "${chosen}" was found`;
  void vscode.window.showWarningMessage(`OTP Advisor: using the built-in OTP expert (${problem}).`);
  return BUILT_IN_PERSONA;
}

/** The persona's name for the chat header. */
export function personaLabel(ctx: Ctx): string {
  return ctx.config.advisor.persona || `${BUILT_IN_PERSONA.name} (built-in)`;
}

export async function askSettings(ctx: Ctx): Promise<AskSettings> {
  const chosen = await persona(ctx);
  const settings = ctx.config.advisor;
  return {
    persona: chosen,
    // Machine-scoped and a restricted configuration: a workspace cannot redirect the key (see package.json).
    baseURL: settings.apiBaseUrl,
    model: chosen.model ?? settings.model ?? DEFAULT_MODEL,
    maxTokens: settings.maxTokens,
  };
}
