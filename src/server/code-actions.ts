// Quick fixes for OTP Advisor diagnostics: explain, suppress on the line or in the file, ask the OTP Expert.
import { CodeActionKind, type CodeAction, type Diagnostic, type Position, type Range, type TextEdit } from 'vscode-languageserver';
import { ASK_EXPERT_COMMAND, COMMANDS, SOURCE } from './protocol';

const ASK_EXPERT_TITLE = 'Ask OTP Expert about this';

const NEXT_LINE = /^(\s*)#\s*otp-advisor:disable-next-line\b(.*)$/;
const FILE_DIRECTIVE = /^\s*#\s*otp-advisor:disable-file\b(.*)$/;

/**
 * The edit that silences `rule` on `line`: a `disable-next-line` comment above it with the line's
 * indentation, or the rule added to a directive already there.
 */
function suppressLineEdit(lines: readonly string[], line: number, rule: string): TextEdit {
  const above = line > 0 ? NEXT_LINE.exec(lines[line - 1]) : null;
  if (above && above[2].trim() !== '') {
    const ids = above[2].split(/[\s,]+/).filter(Boolean);
    const text = `${above[1]}# otp-advisor:disable-next-line ${[...ids, rule].join(', ')}`;
    return { range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: lines[line - 1].length } }, newText: text };
  }
  const indent = /^\s*/.exec(lines[line] ?? '')![0];
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# otp-advisor:disable-next-line ${rule}\n` };
}

/** The edit that silences `rule` in the whole file: added to an existing `disable-file` comment, or a new one on top. */
function suppressFileEdit(lines: readonly string[], rule: string): TextEdit {
  const at = lines.findIndex((l) => FILE_DIRECTIVE.test(l));
  if (at >= 0) {
    const ids = FILE_DIRECTIVE.exec(lines[at])![1].split(/[\s,]+/).filter(Boolean);
    return {
      range: { start: { line: at, character: 0 }, end: { line: at, character: lines[at].length } },
      newText: `# otp-advisor:disable-file ${[...ids, rule].join(', ')}`,
    };
  }
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# otp-advisor:disable-file ${rule}\n` };
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);

/** True when the ranges share a position, ends included: a cursor at either end of a finding touches it. */
export function touching(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * Per finding, offline actions first: the rule's explanation, then the suppressions, then (for a client that handles
 * it) asking the OTP Expert, which goes online once the user presses Send. None is marked preferred: VS Code lists a
 * preferred action first and "Auto Fix" applies it, and none of these fixes the code.
 */
export function codeActionsFor(uri: string, text: string, diagnostics: Diagnostic[], askExpert: boolean): CodeAction[] {
  const lines = text.split('\n');
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE || typeof d.code !== 'string') continue;
    const rule = d.code;
    actions.push(
      {
        title: `Show ${rule} explanation`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: `Show ${rule} explanation`, command: COMMANDS.showRuleExplanation, arguments: [rule] },
      },
      {
        title: `Suppress ${rule} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [uri]: [suppressLineEdit(lines, d.range.start.line, rule)] } },
      },
      {
        title: `Suppress ${rule} in this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: { changes: { [uri]: [suppressFileEdit(lines, rule)] } },
      },
    );
    if (askExpert) {
      actions.push({
        title: ASK_EXPERT_TITLE,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: ASK_EXPERT_TITLE, command: ASK_EXPERT_COMMAND, arguments: [{ uri, diagnostic: d }] },
      });
    }
  }
  return actions;
}
