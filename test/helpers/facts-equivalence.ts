// Compares the facts the fast path extracts (only clauses the registry's pre-filter marks are converted)
// with the facts of converting every clause: any difference is a fact whose `needs` miss the syntax it reads.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { extractFacts } from '../../src/analysis/facts/extract';
import { FACTS } from '../../src/analysis/facts/registry';
import type { ModuleFacts } from '../../src/analysis/facts/types';
import type { Parser } from '../../src/analysis/parse/parser';

export interface FactDifference {
  file: string;
  module: string;
  field: string;
  fast: string;
  full: string;
}

/** A fact as text: positions and values, without the converted clause bodies it may point into. */
function show(mod: ModuleFacts, field: string): string {
  return JSON.stringify((mod as unknown as Record<string, unknown>)[field], (k, v) => (k === 'clause' || k === 'body' || k === 'last' ? undefined : v));
}

function compareFile(parser: Parser, path: string, text: string): FactDifference[] {
  const isTest = path.endsWith('.exs') && /(^|\/)test\//.test(path);
  const tree = parser.parse(text);
  if (!tree) return [];
  try {
    const fast = extractFacts({ path, text, isTest }, tree, undefined, false).facts.modules;
    const full = extractFacts({ path, text, isTest, convertAll: true }, tree, undefined, false).facts.modules;
    const out: FactDifference[] = [];
    fast.forEach((m, i) => {
      for (const { field } of FACTS) {
        const a = show(m, field);
        const b = show(full[i], field);
        if (a !== b) out.push({ file: path, module: m.name, field, fast: a.slice(0, 300), full: b.slice(0, 300) });
      }
    });
    return out;
  } finally {
    tree.delete();
  }
}

/** Every `.ex`/`.exs` file under a folder (skipping deps, _build and dot folders). */
function elixirFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      if (e.startsWith('.') || e === 'deps' || e === '_build' || e === 'node_modules') continue;
      const p = join(d, e);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (/\.exs?$/.test(e) && s.size < 2_000_000) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function compareTree(parser: Parser, dir: string): { files: number; differences: FactDifference[] } {
  const files = elixirFiles(dir);
  const differences = files.flatMap((f) => compareFile(parser, relative(dir, f).split('\\').join('/'), readFileSync(f, 'utf8')));
  return { files: files.length, differences };
}
