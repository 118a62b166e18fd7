// The shapes the keystroke benches edit: generated worst cases and the largest real files of the corpora.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

export interface Shape {
  label: string;
  text: string;
  /** The line edited: a finding's, so edits move it, or the middle one. */
  line: number;
  /** Where the bench puts it: a test file goes under test/ so it is read as a test, as in an editor. */
  path: string;
}

/** A 5 000-line lib file built from the example project's modules, renamed so they do not collide. */
export function genServersFile(root: string): string {
  const dir = join(root, 'examples/shop/lib/shop');
  const sources = ['price_calculator.ex', 'visits.ex', 'inventory.ex', 'cart.ex', 'reminder.ex', 'checkout.ex'].map((f) => readFileSync(join(dir, f), 'utf8'));
  const parts: string[] = [];
  // Whole modules only: a module cut in half would make every parse an error recovery.
  for (let i = 0; parts.join('\n').split('\n').length < 5000; i++) {
    parts.push(...sources.map((s) => s.replace(/defmodule Shop\.(\w+)/, `defmodule Shop.$1${i}`)));
  }
  return parts.join('\n');
}

/** 1 000 small functions, each with a closure, in one module of about 5 000 lines. */
export function closuresModule(): string {
  const fns = Array.from(
    { length: 1000 },
    (_, i) => `  def total_${i}(items) do
    sum = Enum.reduce(items, 0, fn x, acc -> acc + x * ${i} end)
    sum + ${i}
  end
`,
  );
  return `defmodule Bench.Closures do
  @moduledoc "One thousand small functions."

${fns.join('\n')}end
`;
}

/** Every .ex/.exs file under `dir` with its size (deps, build output and dot folders skipped). */
export function elixirFiles(dir: string): { path: string; size: number }[] {
  const found: { path: string; size: number }[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'deps' || e.name === '_build' || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.exs?$/.test(e.name)) found.push({ path: p, size: statSync(p).size });
    }
  };
  walk(dir);
  return found;
}

/** The ten largest .ex/.exs files under `dir`. */
export function largestFiles(dir: string, n = 10): string[] {
  return elixirFiles(dir)
    .sort((a, b) => b.size - a.size)
    .slice(0, n)
    .map((f) => f.path);
}

/** A line with a finding if there is one (the publish then follows every keystroke), else the middle line. */
export function editLine(text: string): number {
  const lines = text.split('\n');
  const otp = lines.findIndex((l) => l.includes('use GenServer'));
  return otp >= 0 ? otp : Math.floor(lines.length / 2);
}

/** Alternately inserts and deletes one space at the start of line `line`. */
export function keystroke(i: number, line: number) {
  return i % 2 === 0
    ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }
    : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' };
}

/** The bench shapes: both generated files, an extra file if given, and the largest files of the corpora if present. */
export function benchShapes(root: string, corpora: string | undefined, extra?: string): Shape[] {
  const shapes: Shape[] = [];
  const add = (label: string, text: string) =>
    shapes.push({ label, text, line: editLine(text), path: label.endsWith('_test.exs') ? `test/${basename(label)}` : 'lib/big.ex' });
  const genservers = genServersFile(root);
  add(`generated: ${genservers.match(/use GenServer/g)?.length} GenServers, ${genservers.split('\n').length} lines`, genservers);
  const closures = closuresModule();
  add(`generated: 1 000 functions with closures, ${closures.split('\n').length} lines`, closures);
  if (extra) add(extra, readFileSync(extra, 'utf8'));
  if (corpora) for (const file of largestFiles(corpora)) add(relative(corpora, file), readFileSync(file, 'utf8'));
  return shapes;
}

export function percentiles(samples: number[]): { p50: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)] };
}
