// `otp-advisor explain lib/x.ex:12[:5]`: the findings at a place in a file, each with its rule's
// explanation, as `mix credo explain lib/x.ex:12` does for Credo's issues.
import type { Phase } from '../analysis/phases';
import { ruleById } from '../analysis/rules';
import { ruleText } from '../analysis/rules/explanation/text';
import { runCheck } from './run';

/** `path:line` or `path:line:column`, 1-based; undefined when `arg` is not a place. */
export function parsePlace(arg: string): { path: string; line: number; column?: number } | undefined {
  const m = /^(.+?):(\d+)(?::(\d+))?$/.exec(arg);
  if (!m || Number(m[2]) < 1) return undefined;
  return { path: m[1], line: Number(m[2]), ...(m[3] ? { column: Number(m[3]) } : {}) };
}

export async function explainAt(place: { path: string; line: number; column?: number }, phase: Phase | undefined): Promise<string> {
  const result = await runCheck([place.path], phase);
  const line0 = place.line - 1;
  const col0 = place.column === undefined ? undefined : place.column - 1;
  const covers = (f: (typeof result.findings)[number]) => {
    const r = f.range;
    if (line0 < r.line || line0 > r.endLine) return false;
    if (col0 === undefined) return true;
    return !((line0 === r.line && col0 < r.col) || (line0 === r.endLine && col0 > r.endCol));
  };
  const here = result.findings.filter(covers);
  const at = `${place.path}:${place.line}${place.column === undefined ? '' : `:${place.column}`}`;
  if (!here.length) {
    const lines = [...new Set(result.findings.map((f) => f.range.line + 1))].sort((a, b) => a - b);
    const elsewhere = lines.length ? ` Findings in this file are on line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}.` : ' This file has no findings.';
    return `No finding at ${at} (phase ${result.phase}).${elsewhere}\n`;
  }
  return (
    here
      .map((f) => {
        const rule = ruleById(f.rule);
        const head = `${f.file}:${f.range.line + 1}:${f.range.col + 1} ${f.severity} ${f.rule} ${f.message}`;
        return rule ? `${head}\n\n${ruleText(rule)}` : head;
      })
      .join(`\n\n${'─'.repeat(72)}\n\n`) + '\n'
  );
}
