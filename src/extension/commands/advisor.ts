// The OTP expert in the editor until the chat view exists: set the API key (SecretStorage), pick a persona,
// and ask about a finding. The rule's offline explanation shows at once; the exact payload is shown and
// must be confirmed before anything leaves the machine; the answer streams into the "OTP Expert" output.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { findAgentFiles } from '../../advisor/agent-files';
import { ask, DEFAULT_MODEL } from '../../advisor/client';
import { BUILT_IN_PERSONA } from '../../advisor/persona';
import type { Persona, PhaseSource } from '../../advisor/types';
import { CONTEXT_REQUEST, SOURCE, type ContextParams, type ContextResult } from '../../server/protocol';
import type { Ctx } from '../ctx';
import type { Command } from './index';

/** The SecretStorage key; the API key is never written to settings, logs or the output. */
const SECRET = 'otpAdvisor.anthropicApiKey';
const DEFAULT_QUESTION = 'Do I really need a process here? What is the simplest change for my current phase?';

let expertOutput: vscode.OutputChannel | undefined;
function output(ctx: Ctx): vscode.OutputChannel {
  if (!expertOutput) {
    expertOutput = vscode.window.createOutputChannel('OTP Expert', 'markdown');
    ctx.subscriptions.push(expertOutput);
  }
  return expertOutput;
}

async function apiKey(ctx: Ctx): Promise<string | undefined> {
  return (await ctx.extension.secrets.get(SECRET)) ?? process.env.ANTHROPIC_API_KEY ?? undefined;
}

/** Folders whose `.claude/agents` may hold personas: the workspace only when trusted, and the home folder. */
function agentRoots(): string[] {
  const folders = vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) : [];
  return [...folders, homedir()];
}

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

/** The finding to ask about: the quick fix's, or the first OTP Advisor diagnostic under the cursor. */
function target(arg: unknown): { uri: string; line: number; rule: string } | undefined {
  const given = arg as { uri?: string; diagnostic?: { code?: unknown; range?: { start?: { line?: number } } } } | undefined;
  if (given?.uri && typeof given.diagnostic?.code === 'string') {
    return { uri: given.uri, line: given.diagnostic.range?.start?.line ?? 0, rule: given.diagnostic.code };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const here = vscode.languages
    .getDiagnostics(editor.document.uri)
    .find((d) => d.source === SOURCE && d.range.contains(editor.selection.active) && typeof d.code === 'string');
  return here ? { uri: editor.document.uri.toString(), line: here.range.start.line, rule: String(here.code) } : undefined;
}

function phaseSource(ctx: Ctx): PhaseSource {
  const { reason } = ctx.phase.verdict;
  return ctx.phase.setting === 'auto' ? { kind: 'test-run', summary: reason } : { kind: 'manual' };
}

async function askAbout(ctx: Ctx, arg: unknown): Promise<unknown> {
  const found = target(arg);
  if (!found) {
    void vscode.window.showInformationMessage('OTP Advisor: put the cursor on an OTP Advisor finding, or use its "Ask OTP expert about this" quick fix.');
    return { status: 'no-finding' };
  }
  const question = await vscode.window.showInputBox({ title: `Ask the OTP expert about ${found.rule}`, value: DEFAULT_QUESTION, ignoreFocusOut: true });
  if (question === undefined) return { status: 'cancelled' };
  await ctx.serverStarted;
  const params: ContextParams = { ...found, question, phaseSource: phaseSource(ctx) };
  const context = await ctx.client.sendRequest<ContextResult | null>(CONTEXT_REQUEST, params);
  if (!context) throw new Error(`the finding ${found.rule} is no longer there; save or re-analyse and try again.`);

  const out = output(ctx);
  out.clear();
  out.appendLine(context.explanation);
  out.show(true);

  const key = await apiKey(ctx);
  if (!key) {
    const pick = await vscode.window.showInformationMessage('OTP Advisor: set an Anthropic API key to ask the OTP expert. The offline explanation is in the "OTP Expert" output.', 'Set API key');
    if (pick) await vscode.commands.executeCommand('otpAdvisor.setApiKey');
    return { status: 'no-key', explanation: context.explanation };
  }

  // Nothing leaves the machine before the user has seen exactly what would be sent.
  const preview = await vscode.workspace.openTextDocument({ language: 'markdown', content: context.preview.message });
  await vscode.window.showTextDocument(preview, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  const redacted = context.preview.redactions ? `, ${context.preview.redactions} secret(s) redacted` : '';
  const send = await vscode.window.showInformationMessage(
    `Send this to Anthropic? About ${context.preview.tokens} tokens${redacted}.`,
    { modal: true, detail: 'The document beside shows the exact message; the OTP expert persona goes with it.' },
    'Send',
  );
  if (send !== 'Send') return { status: 'not-sent', preview: context.preview.message };

  const chosen = await persona(ctx);
  const settings = ctx.config.advisor;
  out.appendLine('\n---\n');
  const abort = new AbortController();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'OTP expert', cancellable: true },
    (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      return ask({
        apiKey: key,
        baseURL: vscode.workspace.isTrusted ? settings.apiBaseUrl : undefined,
        model: chosen.model ?? settings.model ?? DEFAULT_MODEL,
        maxTokens: settings.maxTokens,
        persona: chosen,
        history: [],
        message: context.preview.message,
        signal: abort.signal,
        onText: (delta) => out.append(delta),
        onStatus: (s) => progress.report({ message: s.message }),
      });
    },
  );
  const { input, output: produced, cacheRead } = result.usage;
  out.appendLine(`\n\n_${result.incomplete ? 'Incomplete answer. ' : ''}Tokens: ${input} in, ${produced} out, ${cacheRead} cached._`);
  if (result.error) void vscode.window.showErrorMessage(`OTP Advisor: ${result.error.message}`);
  ctx.log.info(`asked the OTP expert about ${found.rule}: ${result.error ? result.error.kind : 'answered'} (${input}/${produced} tokens)`);
  return { status: result.error ? result.error.kind : 'answered', incomplete: result.incomplete, usage: result.usage };
}

export function advisorCommands(ctx: Ctx): Record<'askExpert' | 'askAboutFinding' | 'setApiKey' | 'clearApiKey' | 'choosePersona', Command> {
  return {
    askExpert: { run: (arg?: unknown) => askAbout(ctx, arg) },
    askAboutFinding: { run: (arg?: unknown) => askAbout(ctx, arg) },
    setApiKey: {
      async run(): Promise<unknown> {
        const value = await vscode.window.showInputBox({ title: 'Anthropic API key', password: true, ignoreFocusOut: true, placeHolder: 'sk-ant-…' });
        if (!value?.trim()) return { status: 'cancelled' };
        await ctx.extension.secrets.store(SECRET, value.trim());
        void vscode.window.showInformationMessage('OTP Advisor: API key saved in VS Code\'s secret storage.');
        return { status: 'saved' };
      },
    },
    clearApiKey: {
      async run(): Promise<unknown> {
        await ctx.extension.secrets.delete(SECRET);
        return { status: 'cleared' };
      },
    },
    choosePersona: {
      async run(): Promise<unknown> {
        const { personas, errors } = await findAgentFiles(agentRoots());
        for (const e of errors) ctx.log.warn(`agent file skipped: ${e.message}`);
        const items = [BUILT_IN_PERSONA, ...personas].map((p) => ({ label: p.name, description: p.source === 'built-in' ? 'built in' : p.source, persona: p }));
        const pick = await vscode.window.showQuickPick(items, { title: 'OTP expert persona' });
        if (!pick) return { status: 'cancelled' };
        await ctx.config.setPersona(pick.persona.source === 'built-in' ? '' : pick.persona.name);
        return { status: 'chosen', persona: pick.persona.name };
      },
    },
  };
}
