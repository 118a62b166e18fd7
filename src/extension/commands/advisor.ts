// The OTP Expert's commands: ask (about the quick fix's finding, else the one under the cursor, else open the chat
// for a typed question: the palette's one way into the chat), start a new conversation, set or clear the API key
// (SecretStorage), and pick the persona. Questions go to the chat, which shows the offline explanation at once and
// sends nothing before the user presses Send under the payload preview.
import * as vscode from 'vscode';
import { findAgentFiles } from '../../advisor/agent-files';
import { BUILT_IN_PERSONA } from '../../advisor/persona';
import type { Chat } from '../chat';
import { findingQuestion, findingTarget } from '../chat/questions';
import type { Ctx } from '../ctx';
import { agentRoots, SECRET } from '../expert';
import type { Command } from './index';

type AdvisorCommand = 'askExpert' | 'newConversation' | 'setApiKey' | 'clearApiKey' | 'choosePersona';

export function advisorCommands(ctx: Ctx, chat: Chat): Record<AdvisorCommand, Command> {
  return {
    askExpert: {
      /** With a finding: a new conversation about it. Without: the chat, ready for a typed question about the code. */
      async run(arg?: unknown): Promise<unknown> {
        const target = findingTarget(arg);
        ctx.log.info(target ? `asking the OTP Expert about ${target.finding.rule} at line ${target.line + 1}` : 'no finding under the cursor: the chat opens for a typed question');
        if (!target) {
          await chat.reveal();
          return { status: 'chat-opened' };
        }
        await chat.start(await findingQuestion(ctx, target));
        return { status: 'preview', rule: target.finding.rule };
      },
    },
    newConversation: { run: async () => chat.newConversation() },
    setApiKey: {
      async run(): Promise<unknown> {
        const value = await vscode.window.showInputBox({ title: 'Anthropic API key', password: true, ignoreFocusOut: true, placeHolder: 'sk-ant-…' });
        if (!value?.trim()) return { status: 'cancelled' };
        await ctx.extension.secrets.store(SECRET, value.trim());
        void vscode.window.showInformationMessage("OTP Advisor: API key saved in VS Code's secret storage.");
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
        const pick = await vscode.window.showQuickPick(items, { title: 'OTP Expert persona' });
        if (!pick) return { status: 'cancelled' };
        await ctx.config.setPersona(pick.persona.source === 'built-in' ? '' : pick.persona.name);
        return { status: 'chosen', persona: pick.persona.name };
      },
    },
  };
}
