// Code actions that rewrite the code (the same rewrites as `otp-advisor fix`): checked on a copy of the project
// (the result parses, the finding is gone, nothing new appears), then offered as a workspace edit the user
// previews before it applies (change annotations with needsConfirmation).
import { CodeActionKind, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import { Project, type Finding } from '../analysis/engine';
import { checkFix, FIXABLE_RULES, fixFor, type Fix, type Texts } from '../analysis/fixes';
import { Source } from '../analysis/parse/source';
import { fileUri, toRange } from './diagnostics';
import { projectTexts, type Located } from './projects';
import type { ServerState } from './state';

const ANNOTATION = 'otp-advisor.rewrite';

/** The project's files in a fresh Project, so checking a fix leaves the live analysis untouched. */
function copyOf(s: ServerState, live: Project, texts: Texts): Project {
  const copy = new Project(s.parser);
  copy.config = live.config;
  for (const [file, text] of texts) copy.addFile(file, text);
  return copy;
}

function workspaceEdit(s: ServerState, root: string, texts: Texts, fix: Fix): WorkspaceEdit {
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const edits = [...byFile].map(([file, list]) => {
    const source = new Source(texts.get(file) ?? '');
    return { uri: fileUri(root, file), edits: list.map((e) => ({ range: toRange(source.span(e.start, e.end)), newText: e.newText })) };
  });
  if (!s.canAnnotateEdits) return { changes: Object.fromEntries(edits.map((e) => [e.uri, e.edits])) };
  return {
    documentChanges: edits.map((e) => ({
      textDocument: { uri: e.uri, version: s.projects.open.get(e.uri)?.version ?? null },
      edits: e.edits.map((x) => ({ ...x, annotationId: ANNOTATION })),
    })),
    changeAnnotations: { [ANNOTATION]: { label: fix.title, needsConfirmation: true, description: `OTP Advisor: ${fix.rule}` } },
  };
}

/**
 * The rewrite actions for the diagnostics under the cursor: a quick fix on the diagnostic and, when the client asks
 * for refactorings, the same edit as `refactor.rewrite`. None when the rewrite is not certain.
 */
export function rewriteActions(s: ServerState, loc: Located, diagnostics: Diagnostic[], kinds: { quickfix: boolean; refactor: boolean }): CodeAction[] {
  const wanted = diagnostics.filter((d) => FIXABLE_RULES.has(String(d.code)));
  if (!wanted.length || (!kinds.quickfix && !kinds.refactor)) return [];
  const findings = loc.project.analyze(s.phase()).findings.filter((f) => f.file === loc.file);
  const texts = projectTexts(loc.project);
  const out: CodeAction[] = [];
  for (const d of wanted) {
    const finding = findings.find((f) => f.rule === d.code && f.range.line === d.range.start.line && f.range.col === d.range.start.character);
    const fix = finding && checked(s, loc, texts, finding);
    if (!fix) continue;
    const edit = workspaceEdit(s, loc.root, texts, fix);
    if (kinds.quickfix) out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit });
    if (kinds.refactor) out.push({ title: fix.title, kind: CodeActionKind.RefactorRewrite, edit });
  }
  return out;
}

/** The finding's fix when checking it on a copy of the project accepts it. */
function checked(s: ServerState, loc: Located, texts: Texts, finding: Finding): Fix | undefined {
  const fix = fixFor(loc.project, texts, finding);
  if ('skip' in fix) return undefined;
  const copy = copyOf(s, loc.project, texts);
  const refused = checkFix(copy, new Map(texts), s.phase(), finding, fix, copy.analyze(s.phase()).findings);
  return refused === undefined ? fix : undefined;
}
