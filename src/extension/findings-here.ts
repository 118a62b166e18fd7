// The OTP Advisor findings under the cursor of the active editor, read from VS Code's diagnostics.
import * as vscode from 'vscode';
import { SOURCE } from '../server/protocol';

/** A finding by its place: the document, the first line of its range (0-based) and its rule id. */
export type FindingTarget = { uri: string; line: number; rule: string };

export function findingsAtCursor(): FindingTarget[] {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return [];
  const uri = editor.document.uri.toString();
  return vscode.languages.getDiagnostics(editor.document.uri).flatMap((d) => {
    const rule = ruleOf(d);
    return d.source === SOURCE && rule && d.range.contains(editor.selection.active) ? [{ uri, line: d.range.start.line, rule }] : [];
  });
}

/** A diagnostic's rule id: the language client turns a code with a codeDescription into `{ value, target }`. */
function ruleOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}
