// Closures run by another process (spawn, Task, Task.Supervisor, or sent in a message) that capture a whole
// `conn`, `socket` or GenServer state only to read a few of its fields (OTP022). The closure's free variables
// are copied to the new process, so capturing the whole value copies all of it.
import type { Fn, Term } from '../parse/term';
import { childrenOf, varsIn, visit } from '../parse/term-queries';
import { stateVarOf } from './callbacks';
import { fnArgs, functionsCalling, isQuote, isSend, processClosureCall } from './statements';
import type { FunctionClause, ModuleFacts } from './types';

type Closure = ModuleFacts['closures'][number];

/** Names that by convention hold a large value: a Plug conn, a Phoenix socket, a process state. */
const LARGE = ['conn', 'socket', 'state'];
const STATE_CALLBACKS = /^handle_(?:call|cast|info|continue)$/;

/** The large values in reach of a function: the conventional names, and a GenServer callback's state parameter. */
function largeNames(mod: ModuleFacts, fn: FunctionClause): string[] {
  const names = [...LARGE];
  if (mod.behaviour === 'GenServer' && STATE_CALLBACKS.test(fn.name)) {
    const s = stateVarOf(fn.params[fn.params.length - 1]);
    if (s && !names.includes(s)) names.push(s);
  }
  return names;
}

/** The name is bound somewhere inside the closure (a head, a match, a clause): then we cannot tell what it captures. */
function rebinds(f: Fn, name: string): boolean {
  let bound = false;
  const patterns: Term[] = [];
  visit([f], (t) => {
    if (t.t === 'fn') for (const c of t.clauses) patterns.push(...c.args);
    else if (t.t === 'op' && (t.op === '=' || t.op === '<-')) patterns.push(t.left);
    else if (t.t === 'call' && t.block) for (const s of Object.values(t.block)) for (const c of s?.clauses ?? []) patterns.push(...c.args);
  });
  for (const p of patterns) if (varsIn([p]).has(name)) bound = true;
  return bound;
}

/**
 * The field paths read from `name` inside the closure (`assigns.user`, `assigns[:id]`), or undefined when the
 * whole value is used somewhere (passed on, returned, matched, updated).
 */
function fieldsRead(f: Fn, name: string): string[] | undefined {
  const fields = new Set<string>();
  let whole = false;
  let seen = false;
  // Iterative walk keeping each term's parent chain, to read `name.a.b[:c]` outward from the variable.
  const stack: { t: Term; parents: Term[] }[] = [{ t: f, parents: [] }];
  while (stack.length && !whole) {
    const { t, parents } = stack.pop()!;
    if (t.t === 'var' && t.name === name) {
      seen = true;
      let path = '';
      let cur: Term = t;
      for (let i = parents.length - 1; i >= 0; i--) {
        const p = parents[i];
        if (p.t === 'field' && p.of === cur) path += `.${p.name}`;
        else if (p.t === 'access' && p.of === cur && p.key.t === 'lit' && !p.key.dynamic) path += `[${p.key.value}]`;
        else break;
        cur = p;
      }
      if (path) fields.add(path.replace(/^\./, ''));
      else whole = true;
      continue;
    }
    const next = [...parents, t];
    for (const k of childrenOf(t)) stack.push({ t: k, parents: next });
  }
  return seen && !whole ? [...fields].sort() : undefined;
}

export function collectClosures(mod: ModuleFacts): Closure[] {
  const out: Closure[] = [];
  for (const fn of functionsCalling(mod, (c) => processClosureCall(c) !== undefined || isSend(c))) {
    if (!fn.body) continue;
    const names = largeNames(mod, fn);
    visit(fn.body, (t) => {
      if (isQuote(t)) return false;
      if (t.t !== 'call') return undefined;
      const spawner = processClosureCall(t);
      const via = spawner ?? 'send';
      const closures: Fn[] = spawner ? fnArgs(t) : [];
      if (!spawner && isSend(t) && t.args[1]) {
        visit([t.args[1]], (x) => {
          if (x.t === 'fn') closures.push(x);
          return x.t !== 'fn';
        });
      }
      for (const f of closures) {
        const free = varsIn([f]);
        for (const variable of names) {
          if (!free.has(variable) || rebinds(f, variable)) continue;
          const fields = fieldsRead(f, variable);
          if (fields?.length) out.push({ variable, fields, via, span: f.span });
        }
      }
      return undefined;
    });
  }
  return out;
}
