// The command table: every command is `otpAdvisor.<name>`, registered in one loop and run through
// `runCommand`, which says why one cannot run, and catches, logs and shows one message on failure.
// Server commands (otpAdvisor.analyzeWorkspace, otpAdvisor.showRuleExplanation) are registered by the
// language client itself, so the client-side commands that front them have other names.
import * as vscode from 'vscode';
import { commandId, COMMAND_NAMES, type CommandName } from '../command-ids';
import type { Chat } from '../chat';
import type { Ctx } from '../ctx';
import { errorText } from '../log';
import { advisorCommands } from './advisor';
import { phaseCommands } from './phase';
import { serverCommands } from './server';

export interface Command {
  run(...args: unknown[]): Promise<unknown>;
  /** Why the command cannot run now (untrusted workspace, …), or undefined. */
  refuse?(): string | undefined;
}

export type Refused = { status: 'refused'; reason: string };

export function registerCommands(ctx: Ctx, chat: Chat): void {
  const table: Record<CommandName, Command> = { ...phaseCommands(ctx), ...serverCommands(ctx), ...advisorCommands(ctx, chat) };
  for (const name of COMMAND_NAMES) {
    ctx.subscriptions.push(vscode.commands.registerCommand(commandId(name), (...args: unknown[]) => runCommand(ctx, name, table[name], args)));
  }
}

async function runCommand(ctx: Ctx, name: CommandName, command: Command, args: unknown[]): Promise<unknown> {
  const reason = command.refuse?.();
  if (reason) {
    ctx.log.info(`${commandId(name)} not run: ${reason}`);
    void vscode.window.showWarningMessage(reason);
    return { status: 'refused', reason } satisfies Refused;
  }
  try {
    return await command.run(...args);
  } catch (e) {
    ctx.log.error(`${commandId(name)} failed: ${errorText(e)}`);
    void vscode.window.showErrorMessage(`OTP Advisor: ${errorText(e)}`);
    return undefined;
  }
}
