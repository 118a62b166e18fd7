// Findings to LSP diagnostics: source and code, a link to the rule's page, related places, data for fixes.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import type { Finding } from '../analysis/engine';
import type { Span } from '../analysis/parse/term';
import type { Severity } from '../analysis/phases';
import { ruleById } from '../analysis/rules';
import { helpUri } from '../analysis/rules/explanation/page';
import { SOURCE, type FindingData } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(r: Span): Range {
  return { start: { line: r.line, character: r.col }, end: { line: r.endLine, character: r.endCol } };
}

/** Root and file → URI: a publish converts every finding's and related place's path, hundreds per keystroke. */
const URIS = new Map<string, string>();
/** A session that renames or generates many files must not grow the cache without end. */
const MAX_URIS = 50_000;

export function fileUri(root: string, file: string): string {
  const key = `${root}\0${file}`;
  let uri = URIS.get(key);
  if (uri === undefined) {
    if (URIS.size >= MAX_URIS) URIS.clear();
    URIS.set(key, (uri = pathToFileURL(join(root, file)).href));
  }
  return uri;
}

/** Test rows per finding: the message already counts all the exercising tests; two are enough to open. */
const MAX_TEST_ROWS = 2;

/**
 * Related places: what the rule points at, then, for a rule a test can silence, the first tests that
 * exercise the code without the check that would (test name first: it is what the row is about).
 */
function related(f: Finding, root: string): DiagnosticRelatedInformation[] {
  const out: DiagnosticRelatedInformation[] = f.related.map((r) => ({
    location: { uri: fileUri(root, r.file), range: toRange(r.span) },
    message: r.message,
  }));
  const kinds = ruleById(f.rule)?.justifiedBy ?? [];
  if (!kinds.length) return out;
  for (const t of f.tests.slice(0, MAX_TEST_ROWS)) {
    out.push({
      location: { uri: fileUri(root, t.file), range: toRange({ ...t.span, endLine: t.span.line, endCol: t.span.col }) },
      message: `test "${t.name}" has no ${kinds.join(' or ')} check`,
    });
  }
  return out;
}

export function findingToDiagnostic(f: Finding, root: string, fingerprint: string): Diagnostic {
  const rule = ruleById(f.rule);
  const data: FindingData = { rule: f.rule, file: f.file, ...(f.module ? { module: f.module } : {}), fingerprint };
  return {
    range: toRange(f.range),
    severity: SEVERITY[f.severity],
    code: f.rule,
    ...(rule ? { codeDescription: { href: helpUri(rule) } } : {}),
    source: SOURCE,
    message: f.message,
    relatedInformation: related(f, root),
    data,
  };
}
