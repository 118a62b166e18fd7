// `check`: loads the projects behind the given paths, analyses them, keeps the findings in the selection.
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConfigError } from '../analysis/config';
import type { Finding, RuleFailure } from '../analysis/engine';
import { loadParser } from '../analysis/parse/parser';
import type { Phase } from '../analysis/phases';
import { loadProjects } from '../analysis/workspace';

export interface RunResult {
  /** The phase the findings were judged in: --phase, else the config's (the first project's when several). */
  phase: Phase;
  findings: Finding[];
  /** file:// URI that every finding's `file` is relative to. */
  rootUri: string;
  stats: { files: number; lines: number; parseErrors: { file: string; line: number; col: number }[]; ms: number; justified: number };
  configErrors: ConfigError[];
  unreadable: { file: string; error: string }[];
  ruleFailures: RuleFailure[];
}

export async function runCheck(paths: string[], phase: Phase | undefined, cwd = process.cwd()): Promise<RunResult> {
  const started = performance.now();
  const parser = await loadParser();
  const projects = await loadProjects(paths, parser);
  // Paths are relative to the project root; with nested projects (fixtures), to the outer one;
  // with unrelated projects, to the working directory.
  const outer = projects.find((p) => projects.every((q) => q.root === p.root || q.root.startsWith(p.root + sep)));
  const base = outer ? outer.root : cwd;
  const prefix = (root: string, file: string) => relative(base, `${root}${sep}${file}`).split(sep).join('/');
  const result: RunResult = {
    phase: phase ?? projects.find((p) => p.project.config.phase)?.project.config.phase ?? 'green',
    findings: [],
    rootUri: pathToFileURL(base + sep).href,
    stats: { files: 0, lines: 0, parseErrors: [], ms: 0, justified: 0 },
    configErrors: [],
    unreadable: [],
    ruleFailures: [],
  };
  for (const { root, project, selected, unreadable } of projects) {
    const analysis = project.analyze(phase ?? project.config.phase ?? 'green');
    for (const f of analysis.findings) {
      if (!selected.has(f.file) || project.isExcluded(f.file)) continue;
      result.findings.push({
        ...f,
        file: prefix(root, f.file),
        related: f.related.map((r) => ({ ...r, file: prefix(root, r.file) })),
        tests: f.tests.map((t) => ({ ...t, file: prefix(root, t.file) })),
      });
    }
    for (const facts of project.allFacts()) {
      if (!selected.has(facts.path) || project.isExcluded(facts.path)) continue;
      result.stats.files++;
      result.stats.lines += facts.lines;
      if (facts.parseError) result.stats.parseErrors.push({ file: prefix(root, facts.path), ...facts.parseError });
    }
    result.stats.justified += analysis.justified;
    result.configErrors.push(...project.configErrors.map((e) => ({ ...e, file: prefix(root, e.file) })));
    result.unreadable.push(...unreadable.map((u) => ({ ...u, file: prefix(root, u.file) })));
    for (const [file, error] of project.extractionErrors) result.unreadable.push({ file: prefix(root, file), error: `analysis failed (${error})` });
    result.ruleFailures.push(...analysis.ruleFailures);
  }
  result.stats.ms = Math.round(performance.now() - started);
  return result;
}
