// A GenServer that casts a message to its own process from one of its callbacks: the next step of the work goes
// through the mailbox instead of running in the callback that knows it is due (OTP008).
import type { Call, Span, Term } from '../parse/term';
import { atomValue } from '../parse/term-queries';
import { fnLabel, type FunctionClause, type ModuleFacts, type ProcessCall } from './types';

/** Callbacks whose work a cast to the own process postpones; `init` defers setup that way (handle_continue's job), and a `handle_call` replies first. */
const STEPS = new Set(['handle_cast', 'handle_info', 'handle_continue']);

/** A callback clause of those (arity 2: a `handle_info/1` is a function GenServer never calls). */
const isStep = (fn: FunctionClause) => STEPS.has(fn.name) && fn.arity === 2;

/** The atom tagging a message or a pattern: `:start`, or the head of `{:start, n}`. */
export function tagOf(t: Term | undefined): string | undefined {
  return atomValue(t) ?? (t?.t === 'tuple' ? atomValue(t.items[0]) : undefined);
}

/**
 * The process a call reaches is the module's own: `self()`, `__MODULE__`, or a name its own start functions register
 * it under (`name: @name` with `@name MyServer`, `name: :store`). A name from the state or a parameter is not read.
 */
export function reachesOwn(pc: ProcessCall, mod: ModuleFacts): boolean {
  const names = new Set(mod.handles.filter((h) => h.kind === 'GenServer' && h.runs === mod.name && h.name).map((h) => h.name!));
  const t = pc.target;
  if (t.kind === 'self') return true;
  if (t.kind === 'module') return t.current || t.name === mod.name || names.has(t.name);
  const first = pc.call.args[0];
  const written = first?.t === 'attr' && !first.value ? mod.attributes.get(first.name) : first;
  const atom = atomValue(written);
  return !!atom && names.has(atom);
}

export interface CastToItself {
  /** The callback, `handle_cast/2`. */
  inFunction: string;
  /** The tag of the message cast, which another clause of its own `handle_cast` handles. */
  message: string;
  /** The client function the callback goes through (`broadcast/1`), when it does not cast itself. */
  via?: string;
  span: Span;
}

/**
 * A `handle_cast`/`handle_info`/`handle_continue` clause that casts its own process, by its name, a message that another
 * `handle_cast` clause handles, directly or through one of the module's client functions (`broadcast(msg)` whose
 * body is `GenServer.cast(__MODULE__, {:broadcast, msg})`). Casting the clause's own message again is a loop,
 * OTP008's busy-loop question, not this one.
 */
export function castsToItself(mod: ModuleFacts): CastToItself[] {
  if (mod.behaviour !== 'GenServer') return [];
  const handled = new Set(mod.functions.filter((f) => f.name === 'handle_cast').map((f) => tagOf(f.params[0])).filter((t) => t !== undefined));
  // Through the name its clients use: the callback acts as its own client. `GenServer.cast(self(), …)` is the
  // deliberate way to let other messages in before the next step (a worker's dispatch, a reconnect ping), left alone.
  const casts = mod.processCalls.filter((pc) => pc.api === 'GenServer' && pc.fn === 'cast' && pc.target.kind !== 'self' && reachesOwn(pc, mod));
  const clauseOf = new Map<Call, FunctionClause>(mod.calls.map(({ call, fn }) => [call, fn]));
  const out: CastToItself[] = [];
  const report = (callback: FunctionClause, cast: ProcessCall, at: Call, via?: string) => {
    const message = tagOf(cast.call.args[1]);
    if (message && handled.has(message) && message !== tagOf(callback.params[0])) out.push({ inFunction: fnLabel(callback), message, via, span: at.span });
  };
  for (const pc of casts) {
    const fn = clauseOf.get(pc.call);
    if (fn && isStep(fn)) report(fn, pc, pc.call);
  }
  // One step through a client function of the module (not itself a callback).
  const clients = new Map(casts.filter((pc) => !STEPS.has(pc.inFunction.split('/')[0])).map((pc) => [pc.inFunction, pc]));
  for (const { call, fn } of mod.calls) {
    const client = !call.mod && isStep(fn) ? clients.get(`${call.name}/${call.args.length}`) : undefined;
    if (client) report(fn, client, call, client.inFunction);
  }
  return out;
}
