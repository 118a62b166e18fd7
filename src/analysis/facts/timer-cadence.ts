// What handles a timer's message in its own process, and what that handler does: whether it stops the process
// (a grace delay or watchdog) and, for a periodic timer, which other modules it hands each tick's work to.
import type { Term } from '../parse/term';
import { atomValue, callsIn, modName, returnPoints } from '../parse/term-queries';
import { reachedFrom } from './statements';
import type { Timer } from './timer-fact';
import type { FunctionClause, ModuleFacts } from './types';

/**
 * Functions that receive a process's plain messages, by name and arity: a GenServer's `handle_info/2`, the same name
 * in a callback module whose generic server forwards its messages to it (a telnet client behaviour), cowboy's
 * `websocket_info/2` and `info/3` (a `:cowboy_loop` handler). registry.ts makes their clauses hot, so their bodies are read.
 */
const INFO_HANDLERS: Record<string, number> = { handle_info: 2, websocket_info: 2, info: 3 };

/** `:tick` for `:tick` and `{:tick, n}`. */
function tagOf(t: Term | undefined): string | undefined {
  return t?.t === 'tuple' ? atomValue(t.items[0]) : atomValue(t);
}

/** The clauses handling a message with this tag (`:tick`, or `{:idle, ...}` for `:idle`). */
export function handlersOf(mod: ModuleFacts, message: string): FunctionClause[] {
  return mod.functions.filter((f) => INFO_HANDLERS[f.name] === f.params.length && tagOf(f.params[0]) === message);
}

/** A handler clause that may return `{:stop, ...}` (behind a condition too: a grace delay checks whether it still applies). */
export function mayStop(clause: FunctionClause): boolean {
  return returnPoints(clause.body ?? []).some((r) => r.t === 'tuple' && atomValue(r.items[0]) === ':stop');
}

/**
 * For a periodic timer, the modules other than this one its handler calls each tick (maybe none); undefined when the
 * timer is not periodic (armed once) or nothing handles its message here. Periodic: `send_interval`/`apply_interval`, or a
 * timer armed again by its own message's handler (directly or through a `schedule/0` helper).
 */
export function tickWork(mod: ModuleFacts, t: Timer, armedIn: FunctionClause): string[] | undefined {
  if (!t.message) return undefined;
  const handlers = handlersOf(mod, t.message);
  if (!handlers.length) return undefined;
  const code = reachedFrom(mod, handlers);
  if (!/_interval$/.test(t.call ?? '') && !code.has(armedIn)) return undefined;
  const out = new Set<string>();
  for (const f of code) for (const c of callsIn(f.body ?? [])) {
    const m = c.mod?.t === 'alias' ? modName(c) : undefined;
    if (m && m !== mod.name) out.add(m);
  }
  return [...out];
}

/**
 * The timer's message carries a waiting caller's `from` (`{:recv_events, from, id, tries}` armed in `handle_call`, or
 * in the handler that answers it with `GenServer.reply(from, ...)`): a long poll looking again before it answers, part
 * of answering the call, whose wait the caller's own timeout bounds.
 */
export function carriesCaller(message: Term | undefined, fn: FunctionClause): boolean {
  if (message?.t !== 'tuple') return false;
  const from = fn.name === 'handle_call' && fn.params[1]?.t === 'var' ? fn.params[1].name : undefined;
  const replied = new Set(callsIn(fn.body ?? []).flatMap((c) => (c.name === 'reply' && modName(c) === 'GenServer' && c.args[0]?.t === 'var' ? [c.args[0].name] : [])));
  return message.items.some((i) => i.t === 'var' && (i.name === from || replied.has(i.name)));
}

/** Who answers a call on behalf of a server: `GenServer.reply/2` and its Erlang spellings. */
const REPLIERS = new Set(['GenServer', ':gen_server', ':gen']);

/**
 * A handler of the timer's message answers a waiting caller with an error (`GenServer.reply(caller, {:error,
 * :timeout})`): the timer is a deadline on a request the process made for that caller.
 */
export function answersWithError(mod: ModuleFacts, message: string): boolean {
  const errorReply = (t: Term | undefined) => t?.t === 'tuple' && atomValue(t.items[0]) === ':error';
  return handlersOf(mod, message).some((f) => callsIn(f.body ?? []).some((c) => c.name === 'reply' && REPLIERS.has(modName(c) ?? '') && errorReply(c.args[1])));
}
