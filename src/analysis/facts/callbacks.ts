// GenServer callbacks: what each clause returns and whether it ever reads the state it is given.
import type { Term } from '../parse/term';
import { atomValue, returnPoints, visit } from '../parse/term-queries';
import type { Callback, FunctionClause, ModuleFacts, ReturnFact } from './types';

const CALLBACKS: Record<string, number> = {
  init: 1,
  handle_call: 3,
  handle_cast: 2,
  handle_info: 2,
  handle_continue: 2,
  terminate: 2,
  code_change: 3,
};

/** Position of the new state in a callback's return tuple, by its tag and size. */
function stateSlot(tag: string, size: number): number | undefined {
  switch (tag) {
    case ':reply':
      return 2;
    case ':noreply':
    case ':ok':
      return 1;
    case ':stop':
      return size === 4 ? 3 : size === 3 ? 2 : undefined;
    default:
      return undefined;
  }
}

/** The variable that names the state in a callback head: `state`, or `state` in `%S{} = state`. */
export function stateVarOf(param: Term | undefined): string | undefined {
  if (!param) return undefined;
  if (param.t === 'var') return param.name.startsWith('_') ? undefined : param.name;
  if (param.t === 'op' && param.op === '=') return stateVarOf(param.right) ?? stateVarOf(param.left);
  return undefined;
}

/**
 * Matching the state in the head (`%{count: c}`) reads it; `_state`, `%State{} = state` and a constant
 * (`nil`, `:no_state`: the placeholder of a process that holds nothing) do not.
 */
function headReads(param: Term | undefined): boolean {
  if (!param || param.t === 'var' || (param.t === 'lit' && !param.dynamic)) return false;
  if (param.t === 'op' && param.op === '=') return headReads(param.left) || headReads(param.right);
  if (param.t === 'map') return param.items.length > 0;
  return true;
}

export function collectCallbacks(mod: ModuleFacts): Callback[] {
  if (mod.behaviour !== 'GenServer') return [];
  const clauses = mod.functions.filter((fn) => !fn.isPrivate && CALLBACKS[fn.name] === fn.arity && fn.body);
  // A state that is one constant from init on (`{:ok, nil}`) stays unchanged when a callback returns it again.
  const initial = clauses
    .filter((fn) => fn.name === 'init')
    .flatMap((fn) => returnPoints(fn.body!))
    .map((t) => (t.t === 'tuple' && atomValue(t.items[0]) === ':ok' ? literalOf(t.items[1]) : undefined));
  const constant = initial.length > 0 && initial.every((v) => v !== undefined && v === initial[0]) ? initial[0] : undefined;
  return clauses.map((fn) => readCallback(fn, constant, mod));
}

/**
 * The tuples a local helper returns when a callback ends in it (`robot |> handler.move() |> reply(state)` with
 * `defp reply(r, {h, _}), do: {:reply, r, {h, r}}`): one level, and only when every return of the helper is a tuple.
 */
function helperReturns(t: Term, mod: ModuleFacts): Term[] | undefined {
  if (t.t !== 'call' || t.mod || t.block) return undefined;
  const clauses = mod.functions.filter((f) => f.name === t.name && f.arity === t.args.length && f.name !== 'init' && !CALLBACKS[f.name]);
  if (!clauses.length || clauses.some((c) => !c.body)) return undefined;
  const returned = clauses.flatMap((c) => returnPoints(c.body!));
  return returned.length && returned.every((r) => r.t === 'tuple' && atomValue(r.items[0])) ? returned : undefined;
}

function literalOf(t: Term | undefined): string | undefined {
  return t?.t === 'lit' && !t.dynamic ? t.value : undefined;
}

function readCallback(fn: FunctionClause, constant: string | undefined, mod: ModuleFacts): Callback {
  const body = fn.body ?? [];
  // init's argument is not a state; its return gives the first state.
  const stateParam = fn.name === 'init' ? undefined : fn.params[fn.params.length - 1];
  const stateVar = stateVarOf(stateParam);
  const slots = new Set<Term>();
  const returns: ReturnFact[] = [];
  for (const point of returnPoints(body)) {
    // A helper's tuple gives the tag and the slots; whether it keeps the callback's state is not followed in.
    const viaHelper = helperReturns(point, mod);
    for (const ret of viaHelper ?? [point]) returns.push(readReturn(ret, point, stateVar, constant, slots, !!viaHelper));
  }
  let readsState = headReads(stateParam);
  if (stateVar && !readsState) {
    visit([...body, ...(fn.guard ? [fn.guard] : [])], (t) => {
      if (slots.has(t)) return false;
      if (t.t === 'var' && t.name === stateVar) readsState = true;
      return !readsState;
    });
  }
  return { name: fn.name, arity: fn.arity, stateParam, readsState, returns, clause: fn };
}

/** One returned value: its tag, new state, reply and timeout; `at` is where the callback returns it. */
function readReturn(ret: Term, at: Term, stateVar: string | undefined, constant: string | undefined, slots: Set<Term>, viaHelper: boolean): ReturnFact {
  const fact: ReturnFact = { stateUnchanged: false, span: at.span };
  if (ret.t === 'tuple') {
    fact.tag = atomValue(ret.items[0]);
    const slot = fact.tag ? stateSlot(fact.tag, ret.items.length) : undefined;
    if (slot !== undefined) {
      fact.state = ret.items[slot];
      if (!viaHelper) slots.add(fact.state);
      if (fact.tag === ':reply') fact.reply = ret.items[1];
      const extra = ret.items[slot + 1];
      if (extra && (extra.t === 'var' || (extra.t === 'lit' && extra.kind === 'int'))) fact.timeout = extra;
      // The helper's variables are not the callback's: a state it returns is not read as the incoming one.
      fact.stateUnchanged =
        (!viaHelper && stateVar !== undefined && fact.state.t === 'var' && fact.state.name === stateVar) ||
        (constant !== undefined && literalOf(fact.state) === constant);
    }
  } else if (ret.t === 'lit' && ret.kind === 'atom') fact.tag = ret.value;
  return fact;
}
