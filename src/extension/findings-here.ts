// The OTP Advisor findings under the cursor of the active editor, read from VS Code's diagnostics.
import * as vscode from 'vscode';
import { isFindingData, SOURCE, type FindingData } from '../server/protocol';

/** A published finding: its document, the first and last lines of its range (0-based) and its identity (the diagnostic's `data`). */
export type FindingTarget = { uri: string; line: number; endLine: number; finding: FindingData };

export function findingsAtCursor(): FindingTarget[] {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return [];
  const uri = editor.document.uri.toString();
  return vscode.languages.getDiagnostics(editor.document.uri).flatMap((d) => {
    // The language client keeps an LSP diagnostic's `data` on the vscode.Diagnostic it makes.
    const data = (d as { data?: unknown }).data;
    return d.source === SOURCE && isFindingData(data) && d.range.contains(editor.selection.active) ? [{ uri, line: d.range.start.line, endLine: d.range.end.line, finding: data }] : [];
  });
}
