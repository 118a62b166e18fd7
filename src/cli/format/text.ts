// The text report: one finding a line (`file:line:col severity RULE message`), then a summary.
import { SEVERITIES, type Severity } from '../../analysis/phases';
import type { RunResult } from '../run';

const COLOUR: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '90' };

export function formatText(result: RunResult, colour: boolean): string {
  const paint = (code: string, s: string) => (colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines = result.findings.map(
    (f) => `${f.file}:${f.range.line + 1}:${f.range.col + 1} ${paint(COLOUR[f.severity], f.severity)} ${paint('1', f.rule)} ${f.message}`,
  );
  const count = (s: Severity) => result.findings.filter((f) => f.severity === s).length;
  // Most severe first; `information` is a mass noun ("2 information", not "2 informations").
  const parts = SEVERITIES.filter(count).map((s) => `${count(s)} ${s}${count(s) === 1 || s === 'information' ? '' : 's'}`);
  const { files, parseErrors, ms } = result.stats;
  lines.push(
    `${result.findings.length === 0 ? 'No findings' : `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} (${parts.join(', ')})`}` +
      ` in ${files} file${files === 1 ? '' : 's'}, ${ms} ms.` +
      (result.baselined ? ` ${result.baselined} baselined finding${result.baselined === 1 ? '' : 's'} not shown.` : ''),
  );
  for (const p of parseErrors) lines.push(`${p.file}:${p.line + 1}:${p.col + 1} does not parse; findings in it may be incomplete.`);
  return lines.join('\n') + '\n';
}
