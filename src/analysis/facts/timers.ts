// Timers and timeouts (OTP010): scheduled messages, GenServer idle timeouts, `receive ... after N`
// and call timeouts other than the default, each with its duration when the source fixes it.
import type { Call, Term } from '../parse/term';
import { atomValue, modName, returnPoints } from '../parse/terms';
import { fnLabel, type FunctionClause, type ModuleFacts, type Timer } from './types';

/** `:timer` functions that schedule something, and where their message (or function name) sits. */
const TIMER_FNS: Record<string, number> = { send_after: 1, send_interval: 1, apply_after: 2, apply_interval: 2 };
const DEFAULT_CALL_TIMEOUT = 5000;
const TIMEOUT_TUPLE_SIZE: Record<string, number> = { ':reply': 4, ':noreply': 3, ':ok': 3 };
const UNIT_MS: Record<string, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000 };

export function collectTimers(mod: ModuleFacts): Timer[] {
  const out: Timer[] = [];
  for (const { call, fn } of mod.calls) {
    const timer = timerCall(call, fn, mod);
    if (timer) out.push(timer);
  }
  for (const cb of mod.callbacks) {
    for (const ret of returnPoints(cb.clause.body ?? [])) {
      const timeout = callbackTimeout(ret);
      if (!timeout) continue;
      const ms = millis(timeout, mod);
      // `{:noreply, state, 0}` is the old idiom for "continue right after init", not a timeout.
      if (ms === 0) continue;
      out.push({ kind: 'callback-timeout', message: ':timeout', value: show(timeout), ms, inFunction: fnLabel(cb), r: timeout.r });
    }
  }
  return out;
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
  const base = { inFunction: fnLabel(fn), r: call.r };
  if (m === 'Process' && call.name === 'send_after' && call.args.length >= 3) {
    return { kind: 'send-after', message: messageAtom(call.args[1], mod), ...duration(call.args[2], mod), ...base };
  }
  if (m === ':erlang' && call.name === 'send_after' && call.args.length >= 3) {
    return { kind: 'send-after', message: messageAtom(call.args[2], mod), ...duration(call.args[0], mod), ...base };
  }
  if (m === ':timer' && call.name in TIMER_FNS && call.args.length >= 2) {
    // `:timer.send_after(t, msg)` and `:timer.send_after(t, pid, msg)`; `apply_after(t, m, f, a)` names f.
    const at = call.name.startsWith('send') ? call.args.length - 1 : TIMER_FNS[call.name];
    return { kind: 'timer', message: messageAtom(call.args[at], mod), ...duration(call.args[0], mod), ...base };
  }
  if (!m && call.name === 'receive' && call.block?.after) {
    const after = call.block.after.clauses[0]?.args[0];
    if (!after) return undefined;
    const ms = millis(after, mod);
    // `after 0` polls the mailbox; `:infinity` never fires. 5 s is the default of a call, and a hand-written
    // request/reply (`send` then `receive ... after 5000`) that keeps it is as unremarkable (IEx's evaluator).
    if (ms === 0 || ms === DEFAULT_CALL_TIMEOUT || isInfinity(after)) return undefined;
    return { kind: 'receive-after', value: show(after), ms, inFunction: fnLabel(fn), r: call.block.after.r ?? after.r };
  }
  if ((m === 'GenServer' || m === ':gen_server') && call.name === 'call' && call.args.length === 3) {
    const timeout = call.args[2];
    const ms = millis(timeout, mod);
    if (ms === DEFAULT_CALL_TIMEOUT || isInfinity(timeout)) return undefined;
    return { kind: 'call-timeout', value: show(timeout), ms, ...base };
  }
  return undefined;
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

/** A short rendering of how the duration is written, for messages. */
function show(t: Term): string {
  switch (t.t) {
    case 'lit':
      return t.value;
    case 'var':
      return t.name;
    case 'attr':
      return `@${t.name}`;
    case 'field':
      return `${show(t.of)}.${t.name}`;
    case 'op':
      return `${show(t.left)} ${t.op} ${show(t.right)}`;
    case 'call':
      return `${t.mod?.t === 'alias' ? `${t.mod.name}.` : ''}${t.name}(${t.args.map(show).join(', ')})`;
    default:
      return 'a computed value';
  }
}
