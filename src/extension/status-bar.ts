// The status bar item with the TDD phase ("$(beaker) GREEN · auto"); a click picks the phase.
import * as vscode from 'vscode';
import { commandId } from './command-ids';
import type { Ctx } from './ctx';
import { statusText } from './status-text';

export function registerStatusBar(ctx: Ctx): void {
  const item = vscode.window.createStatusBarItem('otpAdvisor.phase', vscode.StatusBarAlignment.Left, 10);
  item.name = 'OTP Advisor TDD phase';
  item.command = commandId('setPhase');
  const render = () => {
    const { text, tooltip } = statusText(ctx.phase.view);
    item.text = text;
    item.tooltip = new vscode.MarkdownString(tooltip);
  };
  render();
  item.show();
  ctx.subscriptions.push(item, ctx.phase.onDidChange(render));
}
