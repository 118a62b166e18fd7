// The text report: one finding a line (`file:line:col severity RULE message`), then a summary.
import type { Severity } from '../../analysis/phases';
import type { RunResult } from '../run';

const COLOUR: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '90' };

export function formatText(result: RunResult, colour: boolean): string {
  const paint = (code: string, s: string) => (colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines = result.findings.map(
    (f) => `${f.file}:${f.range.line + 1}:${f.range.col + 1} ${paint(COLOUR[f.severity], f.severity)} ${paint('1', f.rule)} ${f.message}`,
  );
  const counts = new Map<Severity, number>();
  for (const f of result.findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = [...counts].map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`);
  const { files, parseErrors, ms } = result.stats;
  lines.push(
    `${result.findings.length === 0 ? 'No findings' : `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} (${parts.join(', ')})`}` +
      ` in ${files} file${files === 1 ? '' : 's'}, ${ms} ms.`,
  );
  for (const p of parseErrors) lines.push(`${p.file}:${p.line + 1}:${p.col + 1} does not parse; findings in it may be incomplete.`);
  return lines.join('\n') + '\n';
}
