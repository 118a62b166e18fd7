// Analysing projects and publishing their findings as diagnostics: only what changed is sent, edits
// are debounced per document, and a file the engine fails on loses only its own findings.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../analysis/engine';
import { fingerprints } from '../analysis/fingerprint';
import { fileUri, findingToDiagnostic } from './diagnostics';
import { textOf, uriToPath, type Located } from './projects';
import { SOURCE } from './protocol';
import type { ServerState } from './state';

/** Runs an engine step for one file; a failure is logged and only that file's findings go away. */
export async function guard(s: ServerState, path: string, step: () => unknown): Promise<void> {
  try {
    await step();
    const loc = s.projects.locate(path);
    const failed = loc?.project.extractionErrors.get(loc.file);
    if (failed) s.connection.console.error(`OTP Advisor could not analyse ${path}: ${failed}`);
  } catch (e) {
    const loc = s.projects.remove(path);
    if (loc) s.dirtyRoots.add(loc.root);
    s.connection.console.error(`OTP Advisor could not analyse ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function publishDirty(s: ServerState): void {
  for (const root of s.dirtyRoots) {
    if (s.indexing.has(root)) continue;
    publishProject(s, root);
    s.dirtyRoots.delete(root);
  }
}

/** Analyses a project and publishes what changed; returns how many findings it reports. */
export function publishProject(s: ServerState, root: string): number | undefined {
  const project = s.projects.project(root);
  if (!project) return undefined;
  const analysis = project.analyze(s.phase());
  s.connection.console.debug(`Analysis ${project.analyses} of ${root} (${s.phase()}): ${analysis.findings.length} findings`);
  for (const f of analysis.ruleFailures) s.connection.console.error(`Rule ${f.rule} failed on ${f.module}: ${f.error}`);
  const next = new Map<string, Diagnostic[]>();
  const byFingerprint = new Map<string, Finding>();
  // Fingerprints over the whole project, as the CLI computes them, so the same baseline matches both.
  const prints = fingerprints(analysis.findings, (file) => textOf(project, file));
  const baseline = project.config.baseline === undefined ? undefined : s.baselines.get(root, project.config.baseline);
  const inBaseline = baseline && 'fingerprints' in baseline ? prints.map((fp) => baseline.fingerprints.has(fp)) : [];
  for (const [i, finding] of analysis.findings.entries()) {
    if (project.isExcluded(finding.file)) continue;
    if (inBaseline[i] && s.settings.baselined === 'hide') continue;
    byFingerprint.set(prints[i], finding);
    const uri = fileUri(root, finding.file);
    const d = findingToDiagnostic(finding, root, prints[i]);
    const list = next.get(uri) ?? [];
    if (!next.has(uri)) next.set(uri, list);
    list.push(inBaseline[i] ? { ...d, severity: DiagnosticSeverity.Hint, message: `${d.message} (in the baseline)` } : d);
  }
  const configUri = fileUri(root, '.otp-advisor.json');
  const configErrors = [...project.configErrors];
  if (baseline && 'error' in baseline) configErrors.push({ file: '.otp-advisor.json', field: 'baseline', message: baseline.error });
  if (configErrors.length) {
    next.set(
      configUri,
      configErrors.map((e) => ({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        severity: 1,
        source: SOURCE,
        message: `"${e.field}" ${e.message}; defaults are used for it.`,
      })),
    );
  }
  s.findings.set(root, byFingerprint);
  for (const uri of s.published.keys()) if (!next.has(uri) && s.projects.locate(uriToPath(uri) ?? '')?.root === root) clear(s, uri);
  for (const [uri, diagnostics] of next) send(s, uri, diagnostics);
  return analysis.findings.filter((f) => !project.isExcluded(f.file)).length;
}

function send(s: ServerState, uri: string, diagnostics: Diagnostic[]): void {
  const last = s.published.get(uri)?.diagnostics;
  if (last && sameJson(last, diagnostics)) return;
  s.published.set(uri, { diagnostics });
  void s.connection.sendDiagnostics({ uri, diagnostics });
}

/**
 * Two JSON values are equal (key order aside; no `undefined` fields in diagnostics). Compared in place rather than
 * as JSON text: a keystroke above a large file's findings moves them all, and the first moved one ends the walk.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameJson(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function clear(s: ServerState, uri: string): void {
  s.published.delete(uri);
  void s.connection.sendDiagnostics({ uri, diagnostics: [] });
}

export function schedule(s: ServerState, loc: Located, uri: string): void {
  s.dirtyRoots.add(loc.root);
  clearTimeout(s.timers.get(uri));
  if (s.settings.debounceMs === 0) return publishDirty(s);
  s.timers.set(
    uri,
    setTimeout(() => {
      s.timers.delete(uri);
      publishDirty(s);
    }, s.settings.debounceMs),
  );
}
