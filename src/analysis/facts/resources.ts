// Sockets, ports and files opened by a function, and whether it manages them (OTP103): a resource is
// unmanaged when a public function stores it away without closing it or giving it to a process. Returning it is
// not: a plain function runs in its caller's process, which owns what it opens and gets the handle to use and close.
import type { Call, Term } from '../parse/term';
import { childrenOf, modName, varsIn, visit } from '../parse/term-queries';
import { fnLabel, type FunctionClause, type ModuleFacts } from './types';

const OPENERS: Record<string, readonly string[]> = {
  ':gen_tcp': ['connect', 'listen'],
  ':gen_udp': ['open'],
  ':ssl': ['connect', 'listen'],
  Port: ['open'],
  File: ['open', 'open!'],
};
/** Calls that end the resource, or give it to another process to own. */
const RELEASES: Record<string, readonly string[]> = {
  ':gen_tcp': ['close', 'shutdown', 'controlling_process'],
  ':gen_udp': ['close', 'controlling_process'],
  ':ssl': ['close', 'shutdown', 'controlling_process'],
  Port: ['close', 'connect'],
  File: ['close'],
  ':file': ['close'],
};
/** Places a resource can be kept beyond the call. */
const STORES: Record<string, readonly string[]> = {
  Process: ['put'],
  ':persistent_term': ['put'],
  ':ets': ['insert', 'insert_new'],
};

export function collectResources(mod: ModuleFacts): ModuleFacts['resources'] {
  const out: ModuleFacts['resources'] = [];
  const byClause = new Map<FunctionClause, Call[]>();
  for (const { call, fn } of mod.calls) byClause.set(fn, [...(byClause.get(fn) ?? []), call]);
  for (const [fn, calls] of byClause) {
    const opens = calls.filter((c) => isCall(c, OPENERS) && !closesItself(c));
    if (!opens.length) continue;
    const released = calls.some((c) => isCall(c, RELEASES));
    const stored = !fn.isPrivate && storedAway(fn.body ?? [], opens, calls);
    for (const open of opens) {
      out.push({ call: `${modName(open)}.${open.name}`, inFunction: fnLabel(fn), managed: released || !stored, span: open.span });
    }
  }
  return out;
}

/** `File.open(path, modes, fn file -> ... end)` closes the file when the function returns. */
function closesItself(c: Call): boolean {
  return modName(c) === 'File' && c.args.some((a) => a.t === 'fn' || (a.t === 'unary' && a.op === '&'));
}

/**
 * The function stores an opened resource (itself, or the variable it was bound to, inside a tuple, list or map)
 * with `Process.put`, `:persistent_term` or ETS: kept beyond the call with no process holding it explicitly,
 * and with `:persistent_term` or ETS reachable from processes that do not own it.
 */
function storedAway(body: Term[], opens: Call[], calls: Call[]): boolean {
  const openSet = new Set<Term>(opens);
  const bound = new Set<string>();
  visit(body, (t) => {
    if (t.t === 'op' && (t.op === '=' || t.op === '<-') && openSet.has(t.right)) for (const v of varsIn([t.left])) bound.add(v);
    // `case :gen_tcp.connect(...) do {:ok, socket} -> ... end`
    if (t.t === 'call' && !t.mod && t.name === 'case' && t.args[0] && openSet.has(t.args[0])) {
      for (const c of t.block?.do?.clauses ?? []) for (const v of varsIn(c.args)) bound.add(v);
    }
  });
  const holds = (t: Term): boolean => {
    if (openSet.has(t) || (t.t === 'var' && bound.has(t.name))) return true;
    if (t.t === 'tuple' || t.t === 'list' || t.t === 'map' || t.t === 'pair') return childrenOf(t).some(holds);
    return false;
  };
  return calls.some((c) => isCall(c, STORES) && c.args.some(holds));
}

function isCall(c: Call, table: Record<string, readonly string[]>): boolean {
  const m = modName(c);
  return !!m && !!table[m]?.includes(c.name);
}
