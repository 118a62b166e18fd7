// A receive loop that feeds itself its next message: a branch sends its own process a message that another
// branch of the same receive handles, then loops (`{:EXIT, ...} -> send(:producer, :start); loop()`). The
// next turn runs that branch's code through the mailbox, where a call would run it now. Its own process is
// `self()` (or `self` written bare) or a name the module registers the process running this loop under (`Process.register(spawn(...), :producer)`).
import type { Call, Term } from '../parse/term';
import { atomValue, callsIn, isLocal } from '../parse/term-queries';
import { isBareSelf } from './flow';
import { tagOf } from './own-process';
import { targetOf } from './process-calls';
import { isSend } from './statements';
import { fnLabel, type ModuleFacts } from './types';

const sends = (t: Call): boolean => isSend(t);

export function collectLoopSelfFeeds(mod: ModuleFacts): ModuleFacts['selfMessages'] {
  const out: ModuleFacts['selfMessages'] = [];
  for (const loop of mod.receiveLoops) {
    // The names this module registers the loop's process under.
    const names = new Set(mod.handles.filter((h) => h.runs === loop.fn && h.registeredAs).map((h) => h.registeredAs!));
    for (const fn of mod.functions.filter((f) => fnLabel(f) === loop.fn && f.body)) {
      const own = (t: Term | undefined) => targetOf(t).kind === 'self' || isBareSelf(t, fn) || (!!atomValue(t) && names.has(atomValue(t)!));
      const again = (c: Call) => !c.mod && c.name === fn.name && c.args.length === fn.arity;
      for (const r of callsIn(fn.body!).filter((c) => isLocal(c, ['receive']) && c.block?.do)) {
        const clauses = r.block!.do!.clauses;
        const handled = new Set(clauses.map((k) => tagOf(k.args[0])).filter((t) => t !== undefined));
        for (const k of clauses) {
          const calls = callsIn(k.body);
          if (!calls.some(again)) continue;
          for (const s of calls.filter(sends)) {
            const tag = tagOf(s.args[1]);
            if (s.args.length === 2 && own(s.args[0]) && tag && handled.has(tag) && tag !== tagOf(k.args[0])) out.push({ inFunction: loop.fn, nextTurn: tag, span: s.span });
          }
        }
      }
    }
  }
  return out;
}
