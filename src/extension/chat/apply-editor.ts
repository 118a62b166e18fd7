// VS Code's side of the chat's "Apply": reads documents, shows a proposed change in the diff editor beside a modal
// that asks before anything is written, and makes the change as one workspace edit (one undo). What the change is
// and whether it may be made is decided in apply.ts and the session.
import * as vscode from 'vscode';
import { lineSpan, targetFor, type ApplyChange, type ApplyTarget } from './apply';

/** The right side of the diff: the document as it would be, served from memory, never written anywhere. */
const PROPOSAL_SCHEME = 'otp-advisor-proposal';
const APPLY = 'Apply';

/** The document's current text (open in an editor, else from disk); undefined when it cannot be opened. */
export async function documentText(uri: string): Promise<string | undefined> {
  try {
    return (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true))).getText();
  } catch {
    return undefined;
  }
}

/** Where Apply goes for a question about lines `from`–`to` of the document at `uri`, as they are now. */
export async function applyTargetAt(uri: string, from: number, to: number): Promise<ApplyTarget | undefined> {
  const text = await documentText(uri);
  const file = vscode.workspace.asRelativePath(vscode.Uri.parse(uri, true), false);
  return text === undefined ? undefined : targetFor(uri, file, text, from, to);
}

export class ChangeReviewer implements vscode.Disposable {
  private readonly proposals = new Map<string, string>();
  private count = 0;
  private readonly provider = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, {
    provideTextDocumentContent: (uri) => this.proposals.get(uri.toString()),
  });

  async review(change: ApplyChange): Promise<boolean> {
    const original = vscode.Uri.parse(change.uri, true);
    // A fresh URI each time, so the diff never shows an earlier proposal's cached text.
    const proposal = original.with({ scheme: PROPOSAL_SCHEME, query: String(++this.count) });
    this.proposals.set(proposal.toString(), change.proposed);
    try {
      const at = new vscode.Range(change.fromLine, 0, change.fromLine, 0);
      await vscode.commands.executeCommand('vscode.diff', original, proposal, `${change.file} ↔ chat's code (${lineSpan(change)})`, { preview: true, selection: at });
      const choice = await vscode.window.showInformationMessage(
        `Apply the chat's code to ${change.file}, ${lineSpan(change)}?`,
        { modal: true, detail: 'The diff shows the change. Nothing is written unless you choose Apply; one Undo reverts it.' },
        APPLY,
      );
      return choice === APPLY;
    } finally {
      await closeDiff(proposal);
      this.proposals.delete(proposal.toString());
    }
  }

  async apply(change: ApplyChange): Promise<boolean> {
    const uri = vscode.Uri.parse(change.uri, true);
    const document = await vscode.workspace.openTextDocument(uri);
    const range = new vscode.Range(change.fromLine, 0, change.toLine, document.lineAt(change.toLine).text.length);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, range, change.replacement);
    if (!(await vscode.workspace.applyEdit(edit))) return false;
    const lines = change.replacement.split('\n');
    const shown = new vscode.Range(change.fromLine, 0, change.fromLine + lines.length - 1, lines.at(-1)!.length);
    await vscode.window.showTextDocument(document, { selection: shown, preview: false });
    return true;
  }

  dispose(): void {
    this.provider.dispose();
  }
}

async function closeDiff(proposal: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposal.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
}
