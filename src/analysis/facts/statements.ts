// Statement lists of a function body (do bodies, `->` clause bodies, `fn` bodies) and which statements'
// values are thrown away, plus the calls that run a closure in another process. Shared by the collectors
// that reason about order (a task awaited by the next statement) or about unused results (a fire-and-forget).
import type { Call, Fn, Term } from '../parse/term';
import type { FunctionClause, ModuleFacts } from './types';
import { callsIn, childrenOf, isLocal, isRemote, modName } from '../parse/term-queries';

/** Calls whose branches give the call its value: the last statement of each branch is the call's value. */
const BRANCHING = new Set(['if', 'unless', 'case', 'cond', 'with', 'receive', 'try']);

export interface StatementList {
  body: Term[];
  /** The value of the list's last statement is used (returned, bound, passed on). */
  used: boolean;
}

/**
 * Every statement list under a function body, outermost first. `quote` blocks are skipped: their code runs
 * in whatever module the macro expands into, not here. A statement other than a list's last is discarded;
 * the last one is discarded when its list's value is (a branch of an `if` that is itself a discarded statement,
 * the body of a `fn` given to `Enum.each`).
 */
export function statementLists(body: Term[]): StatementList[] {
  const out: StatementList[] = [];
  const todo: { t: Term; used: boolean }[] = [];
  const addList = (list: Term[], used: boolean) => {
    out.push({ body: list, used });
    for (let i = list.length - 1; i >= 0; i--) todo.push({ t: list[i], used: i === list.length - 1 ? used : false });
  };
  addList(body, true);
  while (todo.length) {
    const { t, used } = todo.pop()!;
    if (isQuote(t)) continue;
    if (t.t === 'block') {
      addList(t.body, used);
      continue;
    }
    if (t.t === 'fn') {
      for (const c of t.clauses) addList(c.body, true);
      continue;
    }
    if (t.t === 'call') {
      const branching = !t.mod && BRANCHING.has(t.name);
      const discardsFn = isRemote(t, 'Enum', ['each']) || isRemote(t, 'Stream', ['each']);
      for (const a of t.mod ? [t.mod, ...t.args] : t.args) {
        if (a.t === 'fn' && discardsFn) for (const c of a.clauses) addList(c.body, false);
        else todo.push({ t: a, used: true });
      }
      for (const [name, s] of Object.entries(t.block ?? {})) {
        if (!s) continue;
        // `try ... after` runs the after section for its effects only.
        const sectionUsed = branching ? used && name !== 'after' : true;
        for (const c of s.clauses) {
          for (const a of c.args) todo.push({ t: a, used: true });
          addList(c.body, sectionUsed);
        }
        if (s.body.length) addList(s.body, sectionUsed);
      }
      continue;
    }
    for (const k of childrenOf(t)) todo.push({ t: k, used: true });
  }
  return out;
}

/**
 * `quote do ... end`: code that runs wherever the macro expands, not here. Not a type guard (nor is `isSpawn`):
 * a false result must not narrow a call out of the caller's later checks.
 */
export function isQuote(t: Term): boolean {
  return t.t === 'call' && !t.mod && t.name === 'quote';
}

/** `spawn`, `spawn_link`, `spawn_monitor` (local, `Kernel.` or `Process.spawn`). */
export function isSpawn(t: Term, names: readonly string[] = ['spawn', 'spawn_link', 'spawn_monitor']): boolean {
  return isLocal(t, names) || isRemote(t, 'Kernel', names) || (names.includes('spawn') && isRemote(t, 'Process', ['spawn']));
}

/** `send(dest, msg)`, `Kernel.send/2`, `Process.send/3`. */
export function isSend(t: Term): t is Call {
  return isLocal(t, ['send']) || isRemote(t, 'Kernel', ['send']) || isRemote(t, 'Process', ['send']);
}

/** Calls that run a closure given to them in another process; the label names the API (`Task.async`, `spawn`). */
export function processClosureCall(t: Term): string | undefined {
  if (t.t !== 'call') return undefined;
  if (isSpawn(t)) return t.mod ? `${modName(t)}.${t.name}` : t.name;
  const m = modName(t);
  if (m === 'Task' && ['async', 'start', 'start_link', 'async_stream'].includes(t.name)) return `Task.${t.name}`;
  if (m === 'Task.Supervisor' || (m === 'Node' && t.name.startsWith('spawn'))) return `${m}.${t.name}`;
  return undefined;
}

/** The `fn` arguments of a call. */
export function fnArgs(c: Call): Fn[] {
  return c.args.filter((a): a is Fn => a.t === 'fn');
}

/** The clauses of the module's own function that a local call (no module) calls; none for a remote call. */
export function localClauses(mod: ModuleFacts, call: Call): FunctionClause[] {
  return call.mod ? [] : clausesAt(mod, call.name, call.args.length);
}

/**
 * The clauses a call at `name/arity` runs: those of that arity, or, when there are none, those of the function
 * whose default arguments fill the missing ones (`loop()` runs `def loop(acc \\ [])`).
 */
export function clausesAt(mod: ModuleFacts, name: string, arity: number): FunctionClause[] {
  const exact = mod.functions.filter((f) => f.name === name && f.arity === arity);
  if (exact.length) return exact;
  const full = mod.functions.find((f) => f.name === name && f.defaults && f.arity > arity && f.arity - f.defaults <= arity);
  return full ? mod.functions.filter((f) => f.name === name && f.arity === full.arity) : [];
}

/** The arity of the function a call at `name/arity` runs (the full arity when defaults fill the rest). */
export function arityCalled(mod: ModuleFacts, name: string, arity: number): number {
  return clausesAt(mod, name, arity)[0]?.arity ?? arity;
}

/** The converted clauses that make a call matching `pred`: collectors walk only these (mod.calls is already built). */
export function functionsCalling(mod: ModuleFacts, pred: (c: Call) => boolean): FunctionClause[] {
  const out = new Set<FunctionClause>();
  for (const { call, fn } of mod.calls) if (!out.has(fn) && pred(call)) out.add(fn);
  return [...out];
}

/** The clauses these run, themselves and through the module's local functions, transitively. */
export function reachedFrom(mod: ModuleFacts, roots: readonly FunctionClause[]): Set<FunctionClause> {
  const seen = new Set(roots);
  const todo = [...roots];
  while (todo.length) {
    for (const c of callsIn(todo.pop()!.body ?? [])) {
      if (c.mod) continue;
      for (const g of clausesAt(mod, c.name, c.args.length)) if (!seen.has(g)) seen.add(g), todo.push(g);
    }
  }
  return seen;
}
