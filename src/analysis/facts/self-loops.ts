// A GenServer that answers a message by sending itself the same message at once: `handle_info(:poll)` ends in
// `send(self(), :poll)` (directly or through its own helper), with no condition and no delay. The process then
// does nothing but handle that message, as fast as it can: a busy loop through its own mailbox.
import type { Call, Term } from '../parse/term';
import { atomValue } from '../parse/term-queries';
import { targetOf } from './process-calls';
import { isSend, localClauses } from './statements';
import { fnLabel, type FunctionClause, type ModuleFacts } from './types';

/** `isSend` without narrowing: a statement that is not a send is still a call to follow. */
const sends = (t: Call): boolean => isSend(t);

/** How many helper hops from the handler to the send are followed (`handle_info` → `schedule` → `send`). */
const MAX_HOPS = 3;

/** The atom naming a message: `:poll`, or the tag of `{:poll, n}`. */
function messageTag(t: Term | undefined): string | undefined {
  return atomValue(t) ?? (t?.t === 'tuple' ? atomValue(t.items[0]) : undefined);
}

/** Sends to self() of a message tagged `tag` run by every pass through `body`: its own statements, or a helper's. */
function unconditionalSelfSends(body: Term[], tag: string, mod: ModuleFacts, hops: number): Call[] {
  return body.flatMap((st) => {
    if (st.t !== 'call') return [];
    if (sends(st)) return targetOf(st.args[0]).kind === 'self' && messageTag(st.args[1]) === tag ? [st] : [];
    if (st.mod || hops >= MAX_HOPS) return [];
    const helpers = localClauses(mod, st).filter((f) => f.body);
    // Every clause of the helper must send: a helper with a clause that stops the loop is a condition.
    const found = helpers.map((h) => unconditionalSelfSends(h.body!, tag, mod, hops + 1));
    return helpers.length && found.every((s) => s.length) ? found.flat() : [];
  });
}

export function collectSelfLoops(mod: ModuleFacts): ModuleFacts['selfLoops'] {
  if (mod.behaviour !== 'GenServer') return [];
  const handlers: FunctionClause[] = mod.functions.filter((f) => f.name === 'handle_info' && f.arity === 2 && f.body);
  return handlers.flatMap((h) => {
    const tag = messageTag(h.params[0]);
    if (!tag) return [];
    return unconditionalSelfSends(h.body!, tag, mod, 0).map((s) => ({ inFunction: fnLabel(h), message: tag, span: s.span }));
  });
}
