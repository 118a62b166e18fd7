// Moving the positions of facts kept across an edit (splice.ts): the clauses below it and the module's own facts
// move by the lines and characters the edit added, and a clause read again that says what the old one said gives
// the old one its positions (the old objects stay: module facts and kept findings point at them).
import type { Span } from '../parse/term';
import { collectSpans, factSignature } from './reuse';
import type { FunctionClause, ModuleFacts } from './types';

/** Each clause's spans, collected once (again if its last statement was read since: it holds spans too). */
const SPANS = new WeakMap<FunctionClause, { last: unknown; spans: Span[] }>();

function spansOf(clause: FunctionClause): Span[] {
  let kept = SPANS.get(clause);
  if (!kept || kept.last !== clause.last) SPANS.set(clause, (kept = { last: clause.last, spans: collectSpans(clause) }));
  return kept.spans;
}

/** How the module's own spans (its name, uses, attributes, its whole extent) move. */
export interface OwnMoves {
  below: Span[];
  enclosing: Span[];
}

/**
 * The module's own spans that an edit in [from, to] (offsets) moves, when they move by whole lines: those below
 * start after the edit's last line, those around it end after it. Undefined when one lies inside the window and
 * is not `reread` (the spans of the `use` statements read again, which take their positions from the new reading).
 */
export function ownSpansMove(mod: ModuleFacts, from: number, to: number, lastLine: number, reread: ReadonlySet<Span>): OwnMoves | undefined {
  const own = collectSpans({ span: mod.span, nameSpan: mod.nameSpan, behaviourSpan: mod.behaviourSpan, uses: mod.uses, attributes: mod.attributes });
  const moves: OwnMoves = { below: [], enclosing: [] };
  for (const x of own) {
    if (x.end < from || reread.has(x)) continue;
    if (x.start <= from && x.end >= to) {
      if (x.endLine <= lastLine) return undefined;
      moves.enclosing.push(x);
    } else if (x.start > to && x.line > lastLine) moves.below.push(x);
    else return undefined;
  }
  return moves;
}

/**
 * Moves the clauses below an edit and the module's own spans by whole lines. Each clause's spans are its own (each
 * clause is converted from its own statement), so they are moved in place, clause by clause: gathering them all
 * into one array and a set first allocated a few hundred kilobytes per keystroke in a 1 000-function module,
 * most of the garbage its keystrokes made. An own span a clause also holds (an attribute read in it) moves once.
 */
export function moveBelow(clauses: FunctionClause[], own: OwnMoves, lines: number, offset: number): void {
  const ownLeft = new Set(own.below);
  for (const c of clauses) {
    for (const x of spansOf(c)) {
      if (ownLeft.size) ownLeft.delete(x);
      shift(x, lines, offset);
    }
  }
  for (const x of ownLeft) shift(x, lines, offset);
  for (const x of own.enclosing) {
    x.endLine += lines;
    x.end += offset;
  }
}

function shift(x: Span, lines: number, offset: number): void {
  x.line += lines;
  x.endLine += lines;
  x.start += offset;
  x.end += offset;
}

type Use = ModuleFacts['uses'][number];

/**
 * The module's `use` statements in [from, to] (offsets) paired with those read again there, when each says what
 * it said (positions aside); undefined otherwise (a `use` that changed changes the module's facts: read whole).
 * `copy` gives the old spans the new positions; `spans` are the old ones.
 */
export function pairUses(mod: ModuleFacts, from: number, to: number, read: Use[]): { spans: Set<Span>; copy: () => void } | undefined {
  const old = mod.uses.filter((u) => u.span.start >= from && u.span.start <= to);
  if (old.length !== read.length) return undefined;
  const matched: [Span[], Span[]][] = [];
  for (const [k, u] of read.entries()) {
    if (u.name === 'ExUnit.Case' || factSignature(u) !== factSignature(old[k])) return undefined;
    const spans = [collectSpans(u), collectSpans(old[k])];
    if (spans[0].length !== spans[1].length) return undefined;
    matched.push(spans as [Span[], Span[]]);
  }
  return { spans: new Set(matched.flatMap(([, to]) => to)), copy: () => matched.forEach(([from, to]) => copySpans(from, to)) };
}

function copySpans(from: Span[], to: Span[]): void {
  from.forEach((x, i) => {
    const y = to[i];
    y.line = x.line;
    y.col = x.col;
    y.endLine = x.endLine;
    y.endCol = x.endCol;
    y.start = x.start;
    y.end = x.end;
  });
}

/**
 * Pairs each new clause's spans with its old twin's (same facts, so the same shape), or undefined when they do
 * not pair up. `copy` then gives the old spans the new positions.
 */
export function pairSpans(pairs: [from: FunctionClause, to: FunctionClause][]): { copy: () => void } | undefined {
  const matched: [Span[], Span[]][] = [];
  for (const [a, b] of pairs) {
    const from = collectSpans(a);
    const to = spansOf(b);
    if (from.length !== to.length) return undefined;
    matched.push([from, to]);
  }
  return {
    copy: () => {
      for (const [from, to] of matched) copySpans(from, to);
    },
  };
}
