// Whether a callback keeps its state a plain value: every change to the state is computed by pure code, and the
// effects the callback has (a lookup over the network) take nothing from the state, so its caller could run them
// itself; printing or logging counts as no effect, whatever it shows. A process that only does that holds a value; one that sends, starts, links, runs timers or
// hands its state to the outside world does something a value cannot.
import type { Call, Term } from '../parse/term';
import { isOutput, varsIn, visit } from '../parse/term-queries';
import { derivedFrom } from './flow';
import { isSend } from './statements';
import type { HeldModules } from './state-modules';
import { effectOfCall, printsOnly, type Effect } from './summaries';
import { fnLabel, type Callback, type ModuleFacts, type ModuleLookup } from './types';

/**
 * The callback touches no process, and its effects outside the process get no value computed from the state and
 * are not chosen by it: a clause picked by a value in the state's pattern (`%{quiet: false} = state`), or an effect
 * under a `case`/`if` on the state, prints or looks up what the state decides, which its caller could not do alone.
 */
export function keepsStatePlain(cb: Callback, mod: ModuleFacts, project: ModuleLookup, held?: HeldModules): boolean {
  const fn = cb.clause;
  const state = derivedFrom(fn, fn.params.length - 1);
  const fromState = (roots: Term[]) => [...varsIn(roots)].some((v) => state.has(v));
  // A call under a branch is looked at again for the branch: its effect is worked out once.
  const effects = new Map<Call, Effect>();
  const effectOf = (c: Call) => effects.get(c) ?? effects.set(c, effectOfCall(c, mod, project, held)).get(c)!;
  const outside = (roots: Term[]) => {
    let found = false;
    visit(roots, (t) => !(found ||= t.t === 'call' && effectOf(t) === 'outside'));
    return found;
  };
  if (selectsOnValue(fn.params[fn.params.length - 1]) && outside(fn.body ?? [])) return false;
  // `send(caller, {:result, x})` to a pid the message carries answers the requester: a reply written by hand
  // (`handle_cast({:square, x, caller}, state)`), which talks to no other process than the one asking.
  const requester = fn.params.length > 1 ? derivedFrom(fn, 0) : new Set<string>();
  const answers = (c: Call) => isSend(c) && c.args[0]?.t === 'var' && requester.has(c.args[0].name);
  const shows = (c: Call) => isOutput(c) || printsOnly([c], mod, fnLabel(fn));
  let plain = true;
  visit(fn.body ?? [], (t) => {
    if (t.t === 'other') plain = false;
    else if (t.t === 'call' && answers(t)) return true;
    else if (t.t === 'call') {
      const effect = effectOf(t);
      // Printing or logging what the state holds is no such effect: a caller holding the value prints it as well.
      if (effect === 'process' || (effect === 'outside' && fromState(t.mod ? [t.mod, ...t.args] : t.args) && !shows(t))) plain = false;
      else if (!t.mod && BRANCHES.has(t.name) && fromState(t.args) && outside([t])) plain = false;
    }
    return plain;
  });
  return plain;
}

const BRANCHES = new Set(['case', 'if', 'unless', 'cond']);

/** A pattern that matches only some values: a literal inside it, other than a map key (`%{quiet: true}`, `{:on, n}`). */
function selectsOnValue(pattern: Term | undefined): boolean {
  let found = false;
  visit(pattern ? [pattern] : [], (t) => {
    if (t.t === 'pair') {
      found ||= selectsOnValue(t.value);
      return false;
    }
    found ||= t.t === 'lit';
    return !found;
  });
  return found;
}
