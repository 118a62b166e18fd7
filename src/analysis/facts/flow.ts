// Local data flow in one function clause: what each variable was bound from (through `=`, `<-`, `case`/`with`
// arms and parameters), so a rule asks "where does this value come from?" instead of matching one spelling.
// Pipes are already desugared by the converter (`x |> f()` is `f(x)`). Flow is per clause and memoised.
import type { Span, Term } from '../parse/term';
import { childrenOf, visit } from '../parse/term-queries';
import type { FunctionClause } from './types';

/** `{:ok, pid} = start()` binds `pid` from `start()` at path [1]: the element of the value the variable holds. */
export interface Binding {
  value: Term;
  path: number[];
  at: Span;
}

export interface ClauseFlow {
  /** Variables bound in a parameter pattern, with the parameter's index and the path inside it. */
  params: Map<string, { index: number; path: number[] }>;
  bindings: Map<string, Binding[]>;
}

/** Where a value comes from: an expression (the element at `path` of it), or a parameter of the clause. */
export type Origin = { term: Term; path: number[] } | { param: number; path: number[] };

const FLOWS = new WeakMap<FunctionClause, ClauseFlow>();

function flowOf(fn: FunctionClause): ClauseFlow {
  let flow = FLOWS.get(fn);
  if (flow) return flow;
  flow = { params: new Map(), bindings: new Map() };
  const f = flow;
  // `acc \\ []`: a parameter with a default binds its left side.
  const pattern = (p: Term) => (p.t === 'op' && p.op === '\\\\' ? p.left : p);
  fn.params.forEach((p, index) => eachBound(pattern(p), [], (name, path) => f.params.set(name, { index, path })));
  const bind = (pattern: Term, value: Term) =>
    eachBound(pattern, [], (name, path) => {
      const list = f.bindings.get(name) ?? [];
      list.push({ value, path, at: pattern.span });
      f.bindings.set(name, list);
    });
  visit(fn.body ?? [], (t) => {
    if (t.t === 'op' && (t.op === '=' || t.op === '<-')) bind(t.left, t.right);
    else if (t.t === 'call' && !t.mod && (t.name === 'case' || t.name === 'with') && t.block?.do) {
      // `case x do pattern -> ...`: each arm's pattern matches the subject.
      const subject = t.name === 'case' ? t.args[0] : undefined;
      if (subject) for (const c of t.block.do.clauses) if (c.args[0]) bind(c.args[0], subject);
    }
  });
  FLOWS.set(fn, flow);
  return flow;
}

/** Calls `add` for each variable in a pattern, with the tuple/list path that reaches it. */
function eachBound(pattern: Term, path: number[], add: (name: string, path: number[]) => void): void {
  switch (pattern.t) {
    case 'var':
      if (!pattern.name.startsWith('_')) add(pattern.name, path);
      return;
    case 'tuple':
    case 'list':
      pattern.items.forEach((item, i) => eachBound(item, [...path, i], add));
      return;
    case 'op':
      // `%S{} = state` (both sides name the whole value); `[h | t]` and `a <> b` parts are not followed.
      if (pattern.op === '=') {
        eachBound(pattern.left, path, add);
        eachBound(pattern.right, path, add);
      }
      return;
    case 'unary':
      return; // `^pinned` binds nothing
    default:
      for (const k of childrenOf(pattern)) eachBound(k, [...path, -1], add);
  }
}

/**
 * The origins of a term, following variables back through their bindings (to `depth` steps). A variable bound
 * several times (in different branches) has several origins; one bound nowhere in the clause has none.
 */
export function originsOf(t: Term, fn: FunctionClause, depth = 4): Origin[] {
  if (t.t !== 'var') return [{ term: t, path: [] }];
  const flow = flowOf(fn);
  const out: Origin[] = [];
  // A binding written after this use cannot be what it reads (`pid = spawn(a); Process.info(pid); pid = spawn(b)`);
  // the variable as written in a binding's own pattern holds that binding's value.
  const inPattern = (b: Binding) => b.at.start <= t.span.start && t.span.end <= b.at.end;
  const bound = (flow.bindings.get(t.name) ?? []).filter((b) => b.value.span.end <= t.span.start || inPattern(b));
  for (const b of bound) {
    // `{:ok, pid} = {:ok, x}`: step into the literal tuple instead of keeping the path.
    let value = b.value;
    let path = b.path;
    while (path.length && (value.t === 'tuple' || value.t === 'list') && path[0] >= 0 && value.items[path[0]]) {
      value = value.items[path[0]];
      path = path.slice(1);
    }
    if (value.t === 'var' && depth > 0 && value.name !== t.name) out.push(...originsOf(value, fn, depth - 1).map((o) => ({ ...o, path: [...o.path, ...path] })));
    else out.push({ term: value, path });
  }
  const param = flow.params.get(t.name);
  if (param && !bound.length) out.push({ param: param.index, path: param.path });
  return out;
}

/**
 * `self` written without parentheses: old Elixir ran an unbound `self` as the call `self()`, and books and talks
 * still write `send self, :exit`. Only when the clause binds no variable of that name (`def notify(self)`).
 */
export function isBareSelf(t: Term | undefined, fn: FunctionClause): boolean {
  if (t?.t !== 'var' || t.name !== 'self') return false;
  const flow = flowOf(fn);
  return !flow.params.has('self') && !flow.bindings.has('self');
}

/** The parameter a term comes from, when every origin is that parameter (the whole of it or a part). */
export function paramOf(t: Term, fn: FunctionClause): number | undefined {
  const origins = originsOf(t, fn);
  const params = new Set(origins.map((o) => ('param' in o ? o.param : -1)));
  return origins.length && params.size === 1 && !params.has(-1) ? [...params][0] : undefined;
}

/**
 * The variables of a clause that hold (part of) parameter `index` or a value computed from it: bound in its
 * pattern, or bound from an expression that mentions such a variable (`new = Map.put(state, k, v)`, a `case`
 * arm matching it), to a fixpoint.
 */
export function derivedFrom(fn: FunctionClause, index: number): Set<string> {
  const flow = flowOf(fn);
  return derivedFromVars(fn, [...flow.params].filter(([, p]) => p.index === index).map(([name]) => name));
}

/** The variables `seeds` and those bound from an expression mentioning one of them (`new_bal = bal + n`), to a fixpoint. */
export function derivedFromVars(fn: FunctionClause, seeds: Iterable<string>): Set<string> {
  const flow = flowOf(fn);
  const out = new Set(seeds);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, bindings] of flow.bindings) {
      if (out.has(name) || !bindings.some((b) => [...out].some((v) => mentions(b.value, v)))) continue;
      out.add(name);
      grew = true;
    }
  }
  return out;
}

/** Variables the clause reads from another variable: `x` is used by `Agent.update(pid, fn s -> s + x end)`. */
export function mentions(t: Term, name: string): boolean {
  let found = false;
  visit([t], (x) => {
    if (found) return false;
    if (x.t === 'var' && x.name === name) found = true;
    return !found;
  });
  return found;
}
