// The status bar item "$(beaker) OTP · GREEN · auto": the TDD phase, and in its tooltip the number of
// findings; a click picks the phase.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { SOURCE } from '../server/protocol';
import { commandId } from './command-ids';
import type { Ctx } from './ctx';
import { statusText, type FindingCount } from './status-text';

function countFindings(): FindingCount {
  let findings = 0;
  let files = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    const ours = diagnostics.filter((d) => d.source === SOURCE).length;
    findings += ours;
    if (ours) files++;
  }
  return { findings, files };
}

export function registerStatusBar(ctx: Ctx): void {
  const item = vscode.window.createStatusBarItem('otpAdvisor.phase', vscode.StatusBarAlignment.Left, 10);
  item.name = 'OTP Advisor TDD phase';
  item.command = commandId('setPhase');
  const render = () => {
    const { text, tooltip } = statusText(ctx.phase.view, ctx.client.state === State.Running ? countFindings() : undefined);
    item.text = text;
    item.tooltip = new vscode.MarkdownString(tooltip);
  };
  render();
  item.show();
  ctx.subscriptions.push(
    item,
    ctx.phase.onDidChange(render),
    ctx.client.onDidChangeState(render),
    vscode.languages.onDidChangeDiagnostics((e) => e.uris.length && render()),
  );
}
