// The log line that says what indexing a project gave, "no findings" included: without it a clean
// project and a server that did nothing look the same.
import type { Project } from '../analysis/engine';

function count(n: number, one: string, many = `${one}s`): string {
  return n === 0 ? `no ${many}` : `${n} ${n === 1 ? one : many}`;
}

export function projectSummary(root: string, project: Project, ms: number, findings: number): string {
  const files = project.allFacts().filter((f) => !project.isExcluded(f.path));
  const broken = files.filter((f) => f.parseError).map((f) => `${f.path}:${f.parseError!.line + 1}:${f.parseError!.col + 1}`);
  const parse = broken.length ? `${count(broken.length, 'parse error')} (${broken.slice(0, 3).join(', ')}${broken.length > 3 ? ', …' : ''})` : 'no parse errors';
  return `Analysed ${root} in ${ms} ms: ${count(files.length, 'file')}, ${parse}, ${count(findings, 'finding')}`;
}
