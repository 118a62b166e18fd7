// GenServer callbacks: what each clause returns and whether it ever reads the state it is given.
import type { Term } from '../parse/term';
import { atomValue, isOutput, returnPoints, visit } from '../parse/term-queries';
import { originsOf } from './flow';
import { localClauses } from './statements';
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
  if (!param || param.t === 'var' || (param.t === 'lit' && !param.dynamic) || (param.t === 'list' && !param.items.length)) return false;
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

/** A constant as text: a literal, or an empty list or map (`{:ok, []}`, the placeholder of a process that holds nothing). */
function literalOf(t: Term | undefined): string | undefined {
  if (t?.t === 'list' && !t.items.length) return '[]';
  if (t?.t === 'map' && !t.items.length && !t.update && !t.struct) return '%{}';
  return t?.t === 'lit' && !t.dynamic ? t.value : undefined;
}

/** How many private-helper hops a callback's return is followed through (`{:noreply, add(state, n)}` is not one). */
const HELPER_DEPTH = 3;

/**
 * What a callback returns, looking through the module's own helpers in tail position: `update_and_reply(msg, state)`
 * returns the tuples its clauses return, and the helper's parameter that received the state names the state there.
 */
function tailReturns(
  clause: FunctionClause,
  stateVar: string | undefined,
  mod: ModuleFacts,
  depth: number,
): { ret: Term; stateVar: string | undefined; clause: FunctionClause }[] {
  return returnPoints(clause.body ?? []).flatMap((ret) => {
    const helpers = depth < HELPER_DEPTH && ret.t === 'call' ? localClauses(mod, ret).filter((f) => CALLBACKS[f.name] !== f.arity) : [];
    if (ret.t !== 'call' || !helpers.length || helpers.some((h) => !h.body?.length)) return [{ ret, stateVar, clause }];
    const at = ret.args.findIndex((a) => a.t === 'var' && a.name === stateVar);
    return helpers.flatMap((h) => tailReturns(h, at >= 0 ? stateVarOf(h.params[at]) : undefined, mod, depth + 1));
  });
}

/**
 * The returned state is the variable the head named, still holding what was given: `state = Map.put(state, k, v)`
 * before `{:noreply, state}` rebinds the name to a new state.
 */
function givenState(state: Term | undefined, named: string | undefined, clause: FunctionClause): boolean {
  return state?.t === 'var' && state.name === named && originsOf(state, clause).every((o) => 'param' in o);
}

function readCallback(fn: FunctionClause, constant: string | undefined, mod: ModuleFacts): Callback {
  const body = fn.body ?? [];
  // init's argument is not a state; its return gives the first state.
  const stateParam = fn.name === 'init' ? undefined : fn.params[fn.params.length - 1];
  const stateVar = stateVarOf(stateParam);
  const slots = new Set<Term>();
  const returns: ReturnFact[] = [];
  for (const { ret, stateVar: named, clause } of tailReturns(fn, stateVar, mod, 0)) {
    const fact: ReturnFact = { stateUnchanged: false, span: ret.span };
    if (ret.t === 'tuple') {
      fact.tag = atomValue(ret.items[0]);
      const slot = fact.tag ? stateSlot(fact.tag, ret.items.length) : undefined;
      if (slot !== undefined) {
        fact.state = ret.items[slot];
        slots.add(fact.state);
        if (fact.tag === ':reply') fact.reply = ret.items[1];
        const extra = ret.items[slot + 1];
        if (extra && (extra.t === 'var' || (extra.t === 'lit' && extra.kind === 'int'))) fact.timeout = extra;
        fact.stateUnchanged = givenState(fact.state, named, clause) || (constant !== undefined && literalOf(fact.state) === constant);
      }
    } else if (ret.t === 'lit' && ret.kind === 'atom') fact.tag = ret.value;
    returns.push(fact);
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

/**
 * A `handle_info` clause for any message that only hands the state back, perhaps after logging it
 * (`def handle_info(msg, state), do: {:noreply, state}`): the catch-all learners copy from templates. It drops the
 * message; it gives the process nothing to do. A clause for one message (`:tick`) says something sends it.
 */
export function ignoresMessage(c: Callback): boolean {
  const message = c.clause.params[0];
  const body = c.clause.body ?? [];
  return (
    c.name === 'handle_info' && message?.t === 'var' && body.slice(0, -1).every(isOutput) &&
    c.returns.length > 0 && c.returns.every((r) => r.tag === ':noreply' && r.stateUnchanged && !r.timeout)
  );
}
