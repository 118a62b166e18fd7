// The code quoted to the OTP expert: the flagged module's lines kept within a budget (the flagged line, its
// function, the module head), numbered, with elided stretches marked, in a fenced block.
import type { Project } from '../analysis/engine';
import type { FunctionClause, ModuleFacts } from '../analysis/facts/types';
import { estimateTokens } from './tokens';

export function enclosingModule(project: Project, file: string, line: number): ModuleFacts | undefined {
  const mods = project.facts(file)?.modules.filter((m) => m.span.line <= line && line <= m.span.endLine) ?? [];
  // The innermost: nested modules come with their parent's span around them.
  return mods.sort((a, b) => a.span.endLine - a.span.line - (b.span.endLine - b.span.line))[0];
}

/**
 * The module's lines to quote (sorted, 0-based). When they do not fit: the anchors (the findings' lines and related
 * locations), the module's head (`defmodule`, `use`), then the function around the first finding, then
 * the lines nearest the anchors, until the budget is spent.
 */
export function moduleSnippet(lines: string[], mod: ModuleFacts | undefined, flagged: number, anchors: number[], budget: number): number[] {
  const cost = (l: number) => estimateTokens(numbered(lines, l)) + 1;
  const region = mod
    ? { line: mod.span.line, endLine: mod.span.endLine }
    : { line: Math.max(0, flagged - 40), endLine: Math.min(lines.length - 1, flagged + 40) };
  let total = 0;
  for (let l = region.line; l <= region.endLine; l++) total += cost(l);
  if (total <= budget) return range(region.line, region.endLine);

  const keep = new Set<number>();
  let used = 0;
  const add = (l: number): boolean => {
    if (keep.has(l) || l < region.line || l > region.endLine) return true;
    const c = cost(l);
    if (used + c > budget && keep.size > 0) return false;
    keep.add(l);
    used += c;
    return true;
  };
  const inRegion = [...new Set(anchors)].filter((l) => l >= region.line && l <= region.endLine).sort((a, b) => a - b);
  for (const l of inRegion) add(l);
  // The module's head says what it is (`use GenServer`); the enclosing function is the next best context.
  if (mod) {
    add(mod.span.line);
    for (const u of mod.uses) add(u.span.line);
    add(mod.span.endLine);
  }
  const fn = mod && enclosingFunction(mod, flagged);
  const inner = fn ?? region;
  grow(inRegion.filter((l) => l >= inner.line && l <= inner.endLine), inner, add);
  grow(inRegion, region, add);
  return [...keep].sort((a, b) => a - b);
}

/** Adds lines ever further from the anchors, nearest first, inside the bounds, until the budget stops it. */
function grow(anchors: number[], bounds: { line: number; endLine: number }, add: (l: number) => boolean): void {
  if (!anchors.length) return;
  const open = new Set(anchors.flatMap((a) => [`${a}:-1`, `${a}:1`]));
  for (let d = 1; open.size; d++) {
    for (const a of anchors) {
      for (const dir of [-1, 1]) {
        const key = `${a}:${dir}`;
        if (!open.has(key)) continue;
        const l = a + dir * d;
        if (l < bounds.line || l > bounds.endLine || !add(l)) open.delete(key);
      }
    }
  }
}

/** All clauses of the function holding the line, as one span (multi-clause callbacks belong together). */
function enclosingFunction(mod: ModuleFacts, line: number): { line: number; endLine: number } | undefined {
  const at = mod.functions.find((f) => f.span.line <= line && line <= f.span.endLine);
  if (!at) return undefined;
  const same = mod.functions.filter((f: FunctionClause) => f.name === at.name && f.arity === at.arity);
  return { line: Math.min(...same.map((f) => f.span.line)), endLine: Math.max(...same.map((f) => f.span.endLine)) };
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function numbered(lines: string[], l: number): string {
  return `${String(l + 1).padStart(4)} | ${lines[l] ?? ''}`.trimEnd();
}

/** Numbered lines, each gap shown as one marker line saying how many lines it hides. */
export function render(lines: string[], keep: number[]): string {
  const out: string[] = [];
  let prev = keep.length ? keep[0] - 1 : -1;
  for (const l of keep) {
    if (l > prev + 1) out.push(elided(prev + 1, l - 1));
    out.push(numbered(lines, l));
    prev = l;
  }
  return out.join('\n');
}

function elided(from: number, to: number): string {
  const n = to - from + 1;
  return `     … (${n} line${n === 1 ? '' : 's'} not shown: ${from + 1}–${to + 1})`;
}

export function fence(code: string): string {
  return '```elixir\n' + code + '\n```';
}
