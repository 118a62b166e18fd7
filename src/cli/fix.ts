// `fix`: applies the rewrites the analysis is certain of (or prints them as a unified diff with --dry-run)
// and says what it changed and what it left for a person.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { isElixirPath } from '../analysis/project-paths';
import { fixProject, type Texts } from '../analysis/fixes';
import { loadParser } from '../analysis/parse/parser';
import type { Phase } from '../analysis/phases';
import { loadProjects } from '../analysis/workspace';

export interface FixOptions {
  paths: string[];
  /** Rule ids to fix; all rules with a rewrite when empty. */
  rules: string[];
  dryRun: boolean;
  phase?: Phase;
}

/** Exit code: 0 when something was fixed or nothing was left, 1 when findings remain and none could be fixed. */
export async function runFix(opts: FixOptions, cwd = process.cwd()): Promise<number> {
  const parser = await loadParser();
  const projects = await loadProjects(opts.paths.length ? opts.paths : ['.'], parser);
  const show = (root: string, file: string) => relative(cwd, join(root, file)).split(sep).join('/');
  const report: string[] = [];
  const patches: string[] = [];
  let applied = 0;
  let left = 0;
  for (const { root, project, selected } of projects) {
    const texts: Texts = new Map();
    for (const facts of project.allFacts()) if (isElixirPath(facts.path)) texts.set(facts.path, readFileSync(join(root, facts.path), 'utf8'));
    const before = new Map(texts);
    const result = fixProject(project, texts, opts.phase ?? project.config.phase ?? 'green', (f) =>
      selected.has(f.file) && !project.isExcluded(f.file) && (!opts.rules.length || opts.rules.includes(f.rule)),
    );
    for (const { finding, fix } of result.applied) report.push(`${show(root, finding.file)}:${finding.range.line + 1}: ${finding.rule} ${opts.dryRun ? 'would be fixed' : 'fixed'}: ${fix.title}`);
    for (const { finding, reason } of result.left) report.push(`${show(root, finding.file)}:${finding.range.line + 1}: ${finding.rule} left for a person: ${reason}`);
    applied += result.applied.length;
    left += result.left.length;
    for (const [file, text] of texts) {
      if (text === before.get(file)) continue;
      // Patch paths from the project root, as `git diff` writes them there.
      if (opts.dryRun) patches.push(createTwoFilesPatch(`a/${file}`, `b/${file}`, before.get(file)!, text, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY }));
      else writeFileSync(join(root, file), text);
    }
  }
  report.push(
    applied || left
      ? `${opts.dryRun ? 'Would fix' : 'Fixed'} ${applied} finding${applied === 1 ? '' : 's'}; ${left} left for a person.`
      : 'Nothing to fix.',
  );
  // With --dry-run stdout is the patch alone (for `git apply`), so the report goes to stderr.
  if (opts.dryRun) {
    process.stdout.write(patches.join(''));
    process.stderr.write(report.join('\n') + '\n');
  } else process.stdout.write(report.join('\n') + '\n');
  return applied || !left ? 0 : 1;
}
