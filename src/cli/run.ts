// `check`: loads the projects behind the given paths, analyses them, keeps the findings in the selection.
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConfigError } from '../analysis/config';
import type { Finding, RuleFailure } from '../analysis/engine';
import { fingerprints } from '../analysis/fingerprint';
import { loadParser } from '../analysis/parse/parser';
import type { Phase } from '../analysis/phases';
import type { Rule } from '../analysis/rules/define';
import { loadProjects } from '../analysis/workspace';

/** A finding with its identity across edits (SARIF partialFingerprints, baseline entries). */
export type CheckedFinding = Finding & { fingerprint: string };

export interface RunResult {
  /** The phase the findings were judged in: --phase, else the config's (the first project's when several). */
  phase: Phase;
  findings: CheckedFinding[];
  /** Files reported on, relative like the findings' (a baseline's entries elsewhere are not judged stale). */
  files: Set<string>;
  /** file:// URI that every finding's `file` is relative to. */
  rootUri: string;
  stats: { files: number; lines: number; parseErrors: { file: string; line: number; col: number }[]; ms: number; justified: number };
  /** Findings a baseline hid (--baseline), for the summary. */
  baselined?: number;
  configErrors: ConfigError[];
  unreadable: { file: string; error: string }[];
  /** Files over the size limit, not analysed. */
  tooLarge: { file: string; bytes: number }[];
  ruleFailures: RuleFailure[];
}

/** `rules`: the rules to run (all by default; `--only` and `--ignore` narrow them). */
export async function runCheck(paths: string[], phase: Phase | undefined, cwd = process.cwd(), rules?: readonly Rule[], maxFileBytes?: number): Promise<RunResult> {
  const started = performance.now();
  const parser = await loadParser();
  const projects = await loadProjects(paths, parser, maxFileBytes);
  // Paths are relative to the project root; with nested projects (fixtures), to the outer one;
  // with unrelated projects, to the working directory.
  const outer = projects.find((p) => projects.every((q) => q.root === p.root || q.root.startsWith(p.root + sep)));
  const base = outer ? outer.root : cwd;
  const prefix = (root: string, file: string) => relative(base, `${root}${sep}${file}`).split(sep).join('/');
  const result: RunResult = {
    phase: phase ?? projects.find((p) => p.project.config.phase)?.project.config.phase ?? 'green',
    findings: [],
    files: new Set(),
    rootUri: pathToFileURL(base + sep).href,
    stats: { files: 0, lines: 0, parseErrors: [], ms: 0, justified: 0 },
    configErrors: [],
    unreadable: [],
    tooLarge: [],
    ruleFailures: [],
  };
  for (const { root, project, selected, unreadable, tooLarge } of projects) {
    const analysis = project.analyze(phase ?? project.config.phase ?? 'green', rules);
    // Over the whole project, before the selection: occurrence indexes do not depend on the paths asked about.
    // Each file read once, however many findings it holds.
    const sources = new Map<string, string | undefined>();
    const sourceOf = (file: string) => (sources.has(file) ? sources.get(file) : sources.set(file, readSource(join(root, file))).get(file));
    const prints = fingerprints(analysis.findings, sourceOf);
    for (const [i, f] of analysis.findings.entries()) {
      if (!selected.has(f.file) || project.isExcluded(f.file)) continue;
      result.findings.push({
        ...f,
        fingerprint: prints[i],
        file: prefix(root, f.file),
        related: f.related.map((r) => ({ ...r, file: prefix(root, r.file) })),
        tests: f.tests.map((t) => ({ ...t, file: prefix(root, t.file) })),
      });
    }
    for (const facts of project.allFacts()) {
      if (!selected.has(facts.path) || project.isExcluded(facts.path)) continue;
      result.stats.files++;
      result.files.add(prefix(root, facts.path));
      result.stats.lines += facts.lines;
      if (facts.parseError) result.stats.parseErrors.push({ file: prefix(root, facts.path), ...facts.parseError });
    }
    result.stats.justified += analysis.justified;
    result.configErrors.push(...project.configErrors.map((e) => ({ ...e, file: prefix(root, e.file) })));
    result.unreadable.push(...unreadable.map((u) => ({ ...u, file: prefix(root, u.file) })));
    result.tooLarge.push(...tooLarge.map((t) => ({ ...t, file: prefix(root, t.file) })));
    for (const [file, error] of project.extractionErrors) result.unreadable.push({ file: prefix(root, file), error: `analysis failed (${error})` });
    result.ruleFailures.push(...analysis.ruleFailures);
  }
  result.stats.ms = Math.round(performance.now() - started);
  return result;
}

function readSource(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
