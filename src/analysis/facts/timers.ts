// Timers and timeouts (OTP010): scheduled messages, GenServer idle timeouts, `receive ... after N`
// and call timeouts other than the default, each with its duration when the source fixes it, what it does
// when it fires, and what the time is for (product behaviour, a UI refresh, maintenance, a bound on a wait).
import type { Call, Term } from '../parse/term';
import { atomValue, callsIn, modName, returnPoints } from '../parse/term-queries';
import { termText } from '../parse/term-text';
import { answersWithError, carriesCaller, handlersOf, mayStop, tickWork } from './timer-cadence';
import type { Timer } from './timer-fact';
import { fnLabel, type FunctionClause, type ModuleFacts } from './types';

/**
 * Periodic upkeep: nobody tests that a cache is pruned every 10 minutes, and a failure shows as growth, not as
 * wrong behaviour (firezone's channels prune their caches; Cachex and Nebulex sweep expired keys).
 */
const MAINTENANCE = /clean|sweep|prune|purge|(?:^|_)gc(?:$|_)|garbage|evict|compact|optimi[sz]e|vacuum|reap|trim|housekeep|rotate|janitor/;
/** Refreshing what a user sees: a LiveView re-reading its stats, a flash that hides itself, a debounced search. */
const UI = /refresh|reload|redraw|render|debounce|flash|update_(?:ui|view|page|stats)|(?:^|_)poll/;
/**
 * Connecting again after a failure: a reconnect, a resubscribe, a backoff. The delay is a guess at when the other
 * side is back, not behaviour a test pins down (flame's terminator retries `:connect` every 100 ms until its
 * failsafe). A job that retries its own work (`:retry` with a max_retries) is product behaviour and stays.
 */
const RETRY = /reconnect|(?:^|_)connect(?:$|_)|subscribe|backoff/;
/**
 * A delay whose own name, or the name of the function arming it, says it is the wait before trying again
 * (`@restart_delay_ms` before running a dead external program again, `retry_challenge/1` waiting `@retry_delay`
 * between attempts at an ACME challenge): a guess at when the other side is back, whatever the message is called.
 */
const RETRY_DELAY = /retry|restart|reconnect|backoff/;
/**
 * Switching a diagnostic mode off again (a socket's debug output ends after five minutes): a bound on a developer
 * aid, not behaviour users rely on.
 */
const DIAGNOSTIC = /debug|trace|verbose/;
/** Keeping an idle connection open: a ping or heartbeat frame to the peer (a periodic one is a keep-alive, tuned not tested). */
const KEEPALIVE = /heartbeat|keep_?alive|(?:^|_)ping(?:$|_)/;
/** Messages that end the process: a grace delay before stopping, a watchdog. */
const STOPS = /^:(?:stop|shutdown|halt|kill|terminate|exit|die|suicide|self_destruct|self_stop)$/;
/** Calls that end the node or a process, scheduled by `:timer.apply_after` (a delay before `System.halt`). */
const ENDS: Record<string, readonly string[]> = { System: ['halt', 'stop'], ':init': ['stop', 'reboot'], ':erlang': ['halt', 'exit'], Process: ['exit'], GenServer: ['stop'], Supervisor: ['stop'] };

/** `:timer` functions that schedule something, and where their message (or function name) sits. */
const TIMER_FNS: Record<string, number> = { send_after: 1, send_interval: 1, apply_after: 2, apply_interval: 2 };
const DEFAULT_CALL_TIMEOUT = 5000;
const TIMEOUT_TUPLE_SIZE: Record<string, number> = { ':reply': 4, ':noreply': 3, ':ok': 3 };
const UNIT_MS: Record<string, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000 };

export function collectTimers(mod: ModuleFacts): Timer[] {
  const out: Timer[] = [];
  const armedIn = new Map<Timer, FunctionClause>();
  for (const { call, fn } of mod.calls) {
    const timer = timerCall(call, fn, mod);
    if (timer) out.push(timer), armedIn.set(timer, fn);
  }
  for (const cb of mod.callbacks) {
    for (const ret of returnPoints(cb.clause.body ?? [])) {
      const timeout = callbackTimeout(ret);
      if (!timeout) continue;
      const ms = millis(timeout, mod);
      // `{:noreply, state, 0}` is the old idiom for "continue right after init", not a timeout; `{:ok, state, 1}`
      // (Nebulex's replicated adapter) is the same bootstrap: it fires on every start, so any test runs it.
      if (ms === 0) continue;
      // An idle timeout that stops the process frees an idle per-entity process: upkeep, not behaviour to pin down.
      const purpose = ms !== undefined && ms <= 1 ? 'deferral' : stopsOn(mod, ':timeout') ? 'maintenance' : 'behaviour';
      out.push({ kind: 'callback-timeout', message: ':timeout', value: show(timeout), ms, action: 'sends :timeout', purpose, inFunction: fnLabel(cb), span: timeout.span });
    }
  }
  const ui = isUi(mod);
  for (const t of out) {
    if (t.purpose) continue;
    const name = (t.message ?? '').replace(/^:/, '');
    const fn = armedIn.get(t);
    if (t.ms === 0) t.purpose = 'deferral';
    else if ((t.message && STOPS.test(t.message)) || (t.message && stopsOn(mod, t.message))) t.purpose = 'shutdown';
    else if (RETRY.test(name) || RETRY_DELAY.test(t.value) || (fn && RETRY_DELAY.test(fn.name))) t.purpose = 'retry';
    // Its handler answers a caller still waiting with an error: a deadline on a request to someone else (a command
    // sent to a controller over UART, given up after 5 s), a bound on a wait and not behaviour of its own.
    else if (t.message && answersWithError(mod, t.message)) t.purpose = 'bound';
    else if (ui || UI.test(name)) t.purpose = 'ui';
    else if (MAINTENANCE.test(name)) t.purpose = 'maintenance';
    else if (DIAGNOSTIC.test(name)) t.purpose = 'diagnostic';
    else t.purpose = 'behaviour';
    const work = t.purpose === 'behaviour' && fn ? tickWork(mod, t, fn) : undefined;
    if (work) t.periodic = true;
    if (work?.length) t.tickWork = work;
    // A keep-alive: a periodic ping or heartbeat frame that holds a connection open.
    if (work && KEEPALIVE.test(name)) t.purpose = 'keepalive';
  }
  // A one-shot step armed beside a watchdog that ends the process later (a probe that asks again in plain text after
  // 10 s and gives up at 20 s): pacing inside an exchange whose length is already bounded, at most a hint.
  for (const t of out) {
    if (t.purpose !== 'behaviour' || t.periodic || t.kind === 'callback-timeout' || t.ms === undefined) continue;
    if (out.some((u) => u.purpose === 'shutdown' && u.inFunction === t.inFunction && u.ms !== undefined && u.ms > t.ms!)) t.purpose = 'pacing';
  }
  return out;
}

/** A LiveView or LiveComponent: `use Phoenix.LiveView`, or `use MyAppWeb, :live_view`. */
function isUi(mod: ModuleFacts): boolean {
  return mod.uses.some((u) => /\bLive(?:View|Component)\b/.test(u.name) || /^:live_(?:view|component)$/.test(atomValue(u.opts) ?? ''));
}

/**
 * A `handle_info` for this message (or `{message, ...}`) that stops the process: the timer is a deadline or a grace
 * delay. Also a callback module's own `handle_info` (its generic server forwards messages to it), read from its clauses.
 */
function stopsOn(mod: ModuleFacts, message: string): boolean {
  if (handlersOf(mod, message).some((f) => mayStop(f) || callsIn(f.body ?? []).some(ends))) return true;
  return mod.callbacks.some((cb) => {
    if (cb.name !== 'handle_info') return false;
    const p = cb.clause.params[0];
    const tag = p?.t === 'tuple' ? atomValue(p.items[0]) : atomValue(p);
    if (tag !== message) return false;
    return cb.returns.some((r) => r.tag === ':stop') || callsIn(cb.clause.body ?? []).some(ends);
  });
}

function ends(c: Call): boolean {
  const m = modName(c);
  return (!!m && !!ENDS[m]?.includes(c.name)) || (!m && c.name === 'exit');
}

/**
 * The element after the state in a callback's return (`{:reply, r, s, timeout}`, `{:noreply, s, timeout}`,
 * `{:ok, s, timeout}`). Read here rather than from ReturnFact.timeout, which keeps only integers and
 * variables: `{:reply, r, s, @idle_timeout}` is the usual spelling.
 */
function callbackTimeout(ret: Term): Term | undefined {
  if (ret.t !== 'tuple') return undefined;
  const size = TIMEOUT_TUPLE_SIZE[atomValue(ret.items[0]) ?? ''];
  const last = ret.items[ret.items.length - 1];
  return size === ret.items.length && last.t !== 'tuple' && atomValue(last) !== ':hibernate' ? last : undefined;
}

function timerCall(call: Call, fn: FunctionClause, mod: ModuleFacts): Timer | undefined {
  const m = modName(call);
  const base = { call: `${m}.${call.name}`, inFunction: fnLabel(fn), span: call.span };
  if (m === 'Process' && call.name === 'send_after' && call.args.length >= 3) {
    const message = messageAtom(call.args[1], mod);
    const purpose = carriesCaller(call.args[1], fn) ? 'bound' : undefined;
    return { kind: 'send-after', message, action: sends(message), purpose, ...duration(call.args[2], mod), ...base };
  }
  if (m === ':erlang' && call.name === 'send_after' && call.args.length >= 3) {
    const message = messageAtom(call.args[2], mod);
    return { kind: 'send-after', message, action: sends(message), ...duration(call.args[0], mod), ...base };
  }
  if (m === ':timer' && call.name in TIMER_FNS && call.args.length >= 2) {
    // `:timer.send_after(t, msg)` and `:timer.send_after(t, pid, msg)`; `apply_after(t, m, f, a)` names f.
    if (call.name.startsWith('send')) {
      const message = messageAtom(call.args[call.args.length - 1], mod);
      return { kind: 'timer', message, action: sends(message), ...duration(call.args[0], mod), ...base };
    }
    // `:timer.apply_after(50, System, :halt, [0])` calls System.halt/1: it sends no message at all.
    const [, target, f, args] = call.args;
    const fun = atomValue(f)?.slice(1);
    const modWritten = target?.t === 'alias' ? target.name : atomValue(target);
    const arity = args?.t === 'list' ? `/${args.items.length}` : '';
    const ending = !!modWritten && !!fun && !!ENDS[modWritten]?.includes(fun);
    return {
      kind: 'timer',
      message: atomValue(call.args[TIMER_FNS[call.name]]),
      action: fun ? `calls ${modWritten ? `${modWritten}.` : ''}${fun}${arity}` : 'calls a function',
      purpose: ending ? 'shutdown' : undefined,
      ...duration(call.args[0], mod),
      ...base,
    };
  }
  if (!m && call.name === 'receive' && call.block?.after) {
    const clause = call.block.after.clauses[0];
    const after = clause?.args[0];
    if (!after) return undefined;
    const ms = millis(after, mod);
    // `after 0` polls the mailbox; `:infinity` never fires. 5 s is the default of a call, and a hand-written
    // request/reply (`send` then `receive ... after 5000`) that keeps it is as unremarkable (IEx's evaluator).
    if (ms === 0 || ms === DEFAULT_CALL_TIMEOUT || isInfinity(after)) return undefined;
    // A wait with a bound (a reply, a port's output, a worker killed when stuck) is defensive; a loop that
    // calls itself again from `after` is a hand-written periodic timer.
    const loops = callsIn(clause.body).some((c) => !c.mod && c.name === fn.name);
    return { kind: 'receive-after', value: show(after), ms, action: loops ? `runs ${fnLabel(fn)} again` : 'gives up waiting', purpose: loops ? undefined : 'bound', ...base, span: call.block.after.span ?? after.span };
  }
  if ((m === 'GenServer' || m === ':gen_server') && call.name === 'call' && call.args.length === 3) {
    const timeout = call.args[2];
    const ms = millis(timeout, mod);
    if (ms === DEFAULT_CALL_TIMEOUT || isInfinity(timeout)) return undefined;
    // An upper bound on how long a caller waits for a reply: a safety cap, not behaviour that runs on time.
    return { kind: 'call-timeout', value: show(timeout), ms, action: 'gives up waiting for a reply', purpose: 'bound', ...base };
  }
  return undefined;
}

function sends(message: string | undefined): string {
  return message ? `sends ${message}` : 'sends a message';
}

function duration(t: Term, mod: ModuleFacts): { value: string; ms?: number } {
  return { value: show(t), ms: millis(t, mod) };
}

/** The message a timer delivers, or the tag of a tagged tuple (`{:tick, n}` → `:tick`), through an attribute. */
function messageAtom(t: Term | undefined, mod: ModuleFacts): string | undefined {
  if (t?.t === 'attr' && !t.value) return messageAtom(mod.attributes.get(t.name), mod);
  if (t?.t === 'tuple') return atomValue(t.items[0]);
  return atomValue(t);
}

function isInfinity(t: Term): boolean {
  return atomValue(t) === ':infinity';
}

/**
 * Milliseconds when the duration is fixed in the source: an integer, a module attribute holding one,
 * arithmetic over those, `:timer.seconds(5)`. Undefined when it comes from a variable, an option or config.
 */
function millis(t: Term | undefined, mod: ModuleFacts, depth = 0): number | undefined {
  if (!t || depth > 8) return undefined;
  switch (t.t) {
    case 'lit':
      return t.kind === 'int' ? Number(t.value.replace(/_/g, '')) : undefined;
    case 'attr':
      return t.value ? undefined : millis(mod.attributes.get(t.name), mod, depth + 1);
    case 'op': {
      const l = millis(t.left, mod, depth + 1);
      const r = millis(t.right, mod, depth + 1);
      if (l === undefined || r === undefined) return undefined;
      if (t.op === '*') return l * r;
      if (t.op === '+') return l + r;
      if (t.op === '-') return l - r;
      return undefined;
    }
    case 'call': {
      const unit = modName(t) === ':timer' && t.args.length === 1 ? UNIT_MS[t.name] : undefined;
      const n = unit ? millis(t.args[0], mod, depth + 1) : undefined;
      return unit && n !== undefined ? unit * n : undefined;
    }
    default:
      return undefined;
  }
}

/** How the duration is written, for messages. */
function show(t: Term): string {
  return termText(t, 'a computed value');
}
