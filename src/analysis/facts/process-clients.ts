// Which other processes work with a process module's value on their own: code that another GenServer module runs
// on its own initiative (a `handle_info` for its timer or a monitor, a `handle_continue`, or a helper they call)
// and that both asks the module for its value and uses another of its operations. A value that another process
// reads and changes as it works, while callers elsewhere change it too, is shared state, what a process is for (a
// queue that callers fill and a solver process drains on a timer). Not counted: calls from `init`/`terminate` (a
// stash read at start and written at exit keeps one process's own value across its restarts), and calls from
// `handle_call`/`handle_cast` (a proxy forwarding its callers' requests adds a hop; the callers are the users).
import type { Term } from '../parse/term';
import { atomValue, modName } from '../parse/term-queries';
import { clausesAt } from './statements';
import { fnLabel, type FunctionClause, type ModuleFacts, type ProcessCall } from './types';

/** Behaviours whose callbacks run in the module's own long-lived process. */
const PROCESS_BEHAVIOURS = new Set(['GenServer']);

/** Callbacks a process runs on its own initiative: its timers, monitors and continuations, not its callers' requests. */
const OWN_WORK = new Set(['handle_info', 'handle_continue']);

/**
 * The clauses of a process module that run in its process on its own initiative: its `handle_info` and
 * `handle_continue` callbacks, and the module's functions they call, transitively.
 */
function ownWorkCode(mod: ModuleFacts): Set<FunctionClause> {
  const seen = new Set<FunctionClause>(mod.callbacks.filter((c) => OWN_WORK.has(c.name)).map((c) => c.clause));
  const todo = [...seen];
  const callsOf = new Map<FunctionClause, { name: string; arity: number }[]>();
  for (const { call, fn } of mod.calls) {
    if (call.mod) continue;
    const calls = callsOf.get(fn) ?? callsOf.set(fn, []).get(fn)!;
    calls.push({ name: call.name, arity: call.args.length });
  }
  while (todo.length) {
    for (const c of callsOf.get(todo.pop()!) ?? []) {
      for (const f of clausesAt(mod, c.name, c.arity)) if (!seen.has(f)) todo.push(f), seen.add(f);
    }
  }
  return seen;
}

/** The atom naming a request (`:list`, `{:update, item}`), or its text. */
function requestTag(t: Term | undefined): string {
  return atomValue(t?.t === 'tuple' ? t.items[0] : t) ?? '?';
}

/** A process call that waits for the answer: the caller reads the process's value. */
function asks(pc: ProcessCall): boolean {
  return (pc.api === 'GenServer' && pc.fn === 'call') || (pc.api === 'Agent' && pc.fn.startsWith('get'));
}

/** The calls the module's client function `name/arity` makes to its own process. */
function ownProcessCalls(mod: ModuleFacts, name: string, arity: number): ProcessCall[] {
  const labels = new Set(clausesAt(mod, name, arity).map(fnLabel));
  return mod.processCalls.filter((pc) => labels.has(pc.inFunction) && pc.api !== 'send' && !(pc.target.kind === 'module' && pc.target.name !== mod.name));
}

/**
 * Module name → the other product modules whose own work (above) uses its value: two or more of its
 * operations (client functions, or calls aimed at it), one of which waits for an answer. One read alone (a cache
 * looked up) is a value the reader could hold or be passed. Built once per project; `isProduct` leaves tests and
 * support code out (a test process is not a client).
 */
export function collectProcessClients(modules: readonly ModuleFacts[], isProduct: (m: ModuleFacts) => boolean): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const byName = new Map(modules.filter((m) => !m.isTestFile).map((m) => [m.name, m] as const));
  for (const m of modules) {
    if (!m.behaviour || !PROCESS_BEHAVIOURS.has(m.behaviour) || !isProduct(m)) continue;
    const inProcess = ownWorkCode(m);
    // Target module → the operations used on it (a client function, or a request's tag), and whether one asks.
    const used = new Map<string, { ops: Set<string>; asks: boolean }>();
    const use = (target: string, op: string, asking: boolean) => {
      const u = used.get(target) ?? used.set(target, { ops: new Set(), asks: false }).get(target)!;
      u.ops.add(op);
      u.asks ||= asking;
    };
    for (const { call, fn } of m.calls) {
      const target = modName(call);
      const other = target && target !== m.name && inProcess.has(fn) ? byName.get(target) : undefined;
      const pcs = other ? ownProcessCalls(other, call.name, call.args.length) : [];
      if (pcs.length) use(other!.name, call.name, pcs.some(asks));
    }
    const labels = new Set([...inProcess].map(fnLabel));
    for (const pc of m.processCalls) {
      if (pc.target.kind === 'module' && pc.target.name !== m.name && labels.has(pc.inFunction)) use(pc.target.name, `${pc.fn} ${requestTag(pc.call.args[1])}`, asks(pc));
    }
    for (const [target, u] of used) if (u.asks && u.ops.size >= 2) out.set(target, [...(out.get(target) ?? []), m.name]);
  }
  return out;
}
