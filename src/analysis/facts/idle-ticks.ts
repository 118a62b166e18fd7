// Ticks that drive no work: a GenServer's timer or timeout whose handler only prints, re-arms itself and hands the
// state back unchanged (a demo's heartbeat, the `{:ok, state, 1000}` and `handle_info(:timeout, ...)` copied from
// the docs). Such a timer gives the process nothing to do that a plain value would not: it is not a reason to keep
// the process, the way a timer that changes the state, sends or writes something is.
import type { Call, Term } from '../parse/term';
import { atomValue, isOutput, modName } from '../parse/term-queries';
import type { Callback, ModuleFacts } from './types';

/** Where each timer API takes its message: `Process.send_after(dest, msg, ms)`, `:timer.send_interval(ms, msg)`, ... */
function timerMessage(c: Call): Term | undefined {
  const m = modName(c);
  if (m === 'Process' && c.name === 'send_after') return c.args[1];
  if (m === ':erlang' && (c.name === 'send_after' || c.name === 'start_timer')) return c.args[2];
  if (m === ':timer' && (c.name === 'send_after' || c.name === 'send_interval')) return c.args[c.args.length - 1];
  return undefined;
}

/** A statement re-arming the tick `message` (`Process.send_after(self(), :tick, 1000)`), perhaps bound (`ref = ...`). */
function rearms(t: Term, message: string): boolean {
  const call = t.t === 'op' && t.op === '=' ? t.right : t;
  return call.t === 'call' && atomValue(timerMessage(call)) === message;
}

/** The state slot is the state variable the clause was given (a reset to the first state's literal is a change here). */
function handsBack(c: Callback, state: Term | undefined): boolean {
  return c.stateParam?.t === 'var' && state?.t === 'var' && state.name === c.stateParam.name;
}

/**
 * A `handle_info` clause for one fixed message (`:tick`, the runtime's `:timeout`) whose statements only print or
 * re-arm that message, and whose every return is `{:noreply, state}` with the very state it was given (a timeout in the
 * return re-arms a `:timeout` tick).
 */
export function idleTick(c: Callback): boolean {
  const message = atomValue(c.clause.params[0]);
  const body = c.clause.body ?? [];
  return (
    c.name === 'handle_info' && message !== undefined && !c.clause.guard && body.length > 0 &&
    body.slice(0, -1).every((t) => isOutput(t) || rearms(t, message)) &&
    c.returns.length > 0 && c.returns.every((r) => r.tag === ':noreply' && handsBack(c, r.state))
  );
}

/** Every `handle_info` clause of the module for `message`, and there is one, is an idle tick. */
function handledIdly(mod: ModuleFacts, message: string): boolean {
  const clauses = mod.callbacks.filter((c) => c.name === 'handle_info' && atomValue(c.clause.params[0]) === message);
  return clauses.length > 0 && clauses.every(idleTick);
}

/** A timer call (`:timer.send_interval(5000, :cleanup)`) whose message the module handles only with idle ticks. */
export function armsIdleTick(c: Call, mod: ModuleFacts): boolean {
  const message = atomValue(timerMessage(c));
  return message !== undefined && handledIdly(mod, message);
}

/** Timeouts in callback returns (`{:ok, state, 1000}`) only fire a `handle_info(:timeout, ...)` that is an idle tick. */
export function idleTimeouts(mod: ModuleFacts): boolean {
  return handledIdly(mod, ':timeout');
}
