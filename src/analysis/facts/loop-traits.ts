// Traits of a receive loop read from its clauses (receive-loop-fact.ts): whether time or links drive it, and
// whether it pushes to processes it holds.
import type { DoBlock, Section, Term } from '../parse/term';
import { callsIn, modName, varsIn, visit } from '../parse/term-queries';
import { isSend } from './statements';
import { printsOnly } from './summaries';
import type { FunctionClause, ModuleFacts } from './types';

/**
 * A `receive` with an `after` that does work on the timeout, or one handling `{:DOWN, ...}` / `{:EXIT, ...}` from
 * processes it monitors or links to. `again` tells a call of the loop with its own arguments unchanged.
 */
export function isDrivenByTime(block: DoBlock | undefined, again: (t: Term) => boolean, mod: ModuleFacts, loop: string): boolean {
  if (block?.after && !isIdleWait(block.after, again, mod, loop)) return true;
  return (block?.do?.clauses ?? []).some((k) => {
    const p = k.args[0];
    return p?.t === 'tuple' && p.items[0]?.t === 'lit' && /^:(?:DOWN|EXIT)$/.test(p.items[0].value);
  });
}

/**
 * Every `after` branch prints at most and then runs the loop again with its arguments unchanged
 * (`after 2000 -> IO.puts("waiting..."); loop(counter)`): nothing happens on the timeout that would not happen
 * without it, so time does not drive the loop. A branch that sends, updates the state, stops or calls anything
 * else (a ticker pushing to its clients, a session expiring) is work done on time.
 */
function isIdleWait(after: Section, again: (t: Term) => boolean, mod: ModuleFacts, loop: string): boolean {
  if (!after.clauses.length) return false;
  return after.clauses.every((k) => {
    const last = k.body[k.body.length - 1];
    return !!last && again(last) && printsOnly(k.body.slice(0, -1), mod, loop);
  });
}

/**
 * A clause sends to a process its own arguments hold (`send(List.first(clients), {:next, pid})`,
 * `for c <- clients, do: send(c, :tick)`), not only to the senders of what it receives: a hub keeping the pids of
 * the processes that joined it, as a name server or a ticker does. Its state is other processes, not data.
 */
export function pushesToHeld(clauses: readonly FunctionClause[]): boolean {
  return clauses.some((c) => {
    const held = varsIn(c.params);
    const mentionsHeld = (t: Term | undefined) => !!t && [...varsIn([t])].some((v) => held.has(v));
    let found = false;
    visit(c.body ?? [], (t) => {
      if (found || t.t !== 'call') return !found;
      // A send to a held pid, or a send run for each element of a held collection.
      if (isSend(t) && mentionsHeld(t.args[0])) found = true;
      else if ((modName(t) === 'Enum' || (!t.mod && t.name === 'for')) && mentionsHeld(t.args[0]) && callsIn([t]).some(isSend)) found = true;
      return !found;
    });
    return found;
  });
}
