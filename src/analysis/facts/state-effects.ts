// Whether a callback keeps its state a plain value: every change to the state is computed by pure code, and the
// effects the callback has (printing, a lookup over the network) take nothing from the state, so its caller could
// run them itself. A process that only does that holds a value; one that sends, starts, links, runs timers or
// hands its state to the outside world does something a value cannot.
import type { Term } from '../parse/term';
import { varsIn, visit } from '../parse/term-queries';
import { derivedFrom } from './flow';
import type { HeldModules } from './state-modules';
import { effectOfCall } from './summaries';
import type { Callback, ModuleFacts } from './types';

interface Project {
  module(name: string): ModuleFacts | undefined;
}

/** The callback touches no process, and its effects outside the process get no value computed from the state. */
export function keepsStatePlain(cb: Callback, mod: ModuleFacts, project: Project, held?: HeldModules): boolean {
  const fn = cb.clause;
  const state = derivedFrom(fn, fn.params.length - 1);
  const fromState = (roots: Term[]) => [...varsIn(roots)].some((v) => state.has(v));
  let plain = true;
  visit(fn.body ?? [], (t) => {
    if (t.t === 'other') plain = false;
    else if (t.t === 'call') {
      const effect = effectOfCall(t, mod, project, held);
      if (effect === 'process' || (effect === 'outside' && fromState(t.mod ? [t.mod, ...t.args] : t.args))) plain = false;
    }
    return plain;
  });
  return plain;
}
