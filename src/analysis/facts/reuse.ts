// Reuse of a top-level module's facts across edits of its file: while typing, every module but the
// edited one keeps its text, so its facts are taken over instead of being extracted again. Only their
// positions move, by the lines and characters inserted or removed above them.
import type { Span } from '../parse/term';
import type { Statement } from './module-statements';
import type { TextFlags } from './text-flags';
import type { FunctionClause, ModuleFacts, TestBlock } from './types';

export interface ModulePart {
  modules: ModuleFacts[];
  tests: TestBlock[];
  asyncModules: string[];
}

export interface CachedPart {
  part: ModulePart;
  line: number;
  col: number;
  start: number;
  /** Every distinct span in the part, collected on first reuse so later shifts are a flat loop. */
  spans?: Span[];
  /** The part's facts without positions (computed when first compared): equal signatures mean an edit moved things but changed no fact. */
  sig?: string;
  /** The part's function clauses, for reuse when an edit elsewhere in the module makes it be read again. */
  clauses: ClausePool;
  /** Read from a tree without syntax errors: then an edit inside one clause may re-read that clause alone (splice.ts). */
  clean?: boolean;
  /** What the module's text says beyond its definitions, kept for the next edit (text-flags.ts). */
  flags?: TextFlags;
  /**
   * The statements of the module's body, for splice.ts (in a test module, those of its `describe` bodies too, for
   * splice-tests.ts; their order is then not the text's).
   */
  statements?: Statement[];
}

/**
 * Inside a module that is read again, a clause whose text (and module, aliases and hotness) did not change
 * is taken over too: a 5 000-line module is mostly clauses the keystroke did not touch.
 */
export interface CachedClause {
  clause: FunctionClause;
  hot: boolean;
  line: number;
  col: number;
  start: number;
  /** Where the clause's text ends. */
  end: number;
  spans?: Span[];
}

/** Module name, aliases in scope and the clause's text → the clause read from them. */
export type ClausePool = Map<string, CachedClause>;

/** Top-level `defmodule` text → what it yielded, and where it stood. */
export type FactsCache = Map<string, CachedPart>;

function isSpan(x: object): x is Span {
  return 'line' in x && 'endLine' in x && 'start' in x && 'end' in x && 'col' in x;
}

export function collectSpans(root: object): Span[] {
  const spans: Span[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null || seen.has(x)) continue;
    seen.add(x);
    if (isSpan(x)) spans.push(x);
    else if (x instanceof Map) for (const v of x.values()) stack.push(v);
    else if (x instanceof Set) for (const v of x) stack.push(v);
    else if (Array.isArray(x)) for (const v of x) stack.push(v);
    else for (const v of Object.values(x)) stack.push(v);
  }
  return spans;
}

/** Moves every span of a cached part by whole lines and offsets (its text, hence its columns, is unchanged). */
export function shiftPart(cached: CachedPart, lines: number, offset: number): void {
  if (lines === 0 && offset === 0) return;
  cached.spans ??= collectSpans(cached.part);
  shiftSpans(cached.spans, lines, offset);
  // Its clauses moved with it (same span objects): only where they are recorded to stand changes.
  for (const c of cached.clauses.values()) {
    c.line += lines;
    c.start += offset;
    c.end += offset;
  }
}

export function shiftClause(cached: CachedClause, lines: number, offset: number): void {
  if (lines === 0 && offset === 0) return;
  cached.spans ??= collectSpans(cached.clause);
  shiftSpans(cached.spans, lines, offset);
  cached.line += lines;
  cached.start += offset;
  cached.end += offset;
}

function shiftSpans(spans: Span[], lines: number, offset: number): void {
  for (const x of spans) {
    x.line += lines;
    x.endLine += lines;
    x.start += offset;
    x.end += offset;
  }
}

/** A position-free rendering of the facts of a part (spans, and so offsets, lines and columns, left out). */
export function signature(part: ModulePart): string {
  return render(part, true);
}

/** Signatures of clauses, kept with them: a reused clause is not walked again. */
const CLAUSE_SIGNATURE = new WeakMap<object, string>();

/** A position-free rendering of a clause not kept (one read again, compared with the one it may replace). */
export function freshClauseSignature(clause: FunctionClause): string {
  return render(clause, false);
}

/** A position-free rendering of any fact (a `use` read again, compared with the old one). */
export function factSignature(fact: object): string {
  return render(fact, false);
}

/** A position-free rendering of one clause (kept with it). */
export function clauseSignature(clause: FunctionClause): string {
  let sig = CLAUSE_SIGNATURE.get(clause);
  if (sig === undefined) CLAUSE_SIGNATURE.set(clause, (sig = render(clause, false)));
  return sig;
}

function render(root: object, top: boolean): string {
  const out: string[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null) {
      out.push(String(x));
      continue;
    }
    if (seen.has(x)) {
      out.push('^');
      continue;
    }
    seen.add(x);
    if (isSpan(x)) continue;
    if (top && 'arity' in x && 'isPrivate' in x && 'params' in x) {
      out.push(clauseSignature(x as FunctionClause));
      continue;
    }
    if (x instanceof Map) {
      out.push('M');
      for (const [k, v] of x) stack.push(v, k);
    } else if (x instanceof Set) {
      out.push('S');
      for (const v of x) stack.push(v);
    } else if (Array.isArray(x)) {
      out.push(`[${x.length}`);
      for (const v of x) stack.push(v);
    } else {
      out.push('{');
      // Aliases only feed name resolution, whose results are already in the terms.
      for (const [k, v] of Object.entries(x)) if (k !== 'aliases') stack.push(v, k);
    }
  }
  return out.join('\u0000');
}

/**
 * An edit of a file, as the splicers of one definition, one nested module or one test block see it: the file's text
 * before and after, where [prefix, oldEnd) of `oldText` became [prefix, oldEnd + delta) of `text`, and the edited
 * top-level module's old text (its cache key).
 */
export interface FileEdit {
  oldText: string;
  oldModule: string;
  text: string;
  prefix: number;
  oldEnd: number;
  delta: number;
}
