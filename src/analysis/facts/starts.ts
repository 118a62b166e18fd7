// Processes started by plain calls (`GenServer.start_link`, `Agent.start`, `Task.start`, `spawn`...), with
// whether the caller keeps what the call returns (OTP021).
import type { Call, Term } from '../parse/term';
import { callsIn, isRemote, modName, varsIn, visit } from '../parse/term-queries';
import { functionsCalling, isQuote, isSpawn, statementLists } from './statements';
import { fnLabel, type ModuleFacts } from './types';

const STARTERS: Record<string, readonly string[]> = {
  GenServer: ['start', 'start_link'],
  Agent: ['start', 'start_link'],
  Task: ['start', 'start_link'],
};

function startLabel(t: Term): string | undefined {
  if (t.t !== 'call') return undefined;
  const m = modName(t);
  if (m && STARTERS[m]?.includes(t.name)) return `${m}.${t.name}`;
  return isSpawn(t) ? t.name : undefined;
}

/** `_ = start(...)`, `{:ok, _pid} = start(...)`: a match that keeps nothing. */
function keepsNothing(pattern: Term): boolean {
  return varsIn([pattern]).size === 0;
}

/**
 * The closure ties its life to another process (`Process.monitor(parent)` then exits with it: ElixirLS's build
 * watchdog) or stops the application (a restart command): a supervisor would add nothing, or be stopped under it.
 */
function managesItself(c: Call): boolean {
  return c.args.some(
    (a) =>
      a.t === 'fn' &&
      callsIn([a]).some(
        (x) =>
          ((x.name === 'stop' || x.name === 'restart') && /(?:^|\.)(?:Application|System|:init)$/.test(modName(x) ?? '')) ||
          isRemote(x, 'Process', ['monitor', 'link']) ||
          isRemote(x, 'System', ['halt']),
      ),
  );
}

/** `GenServer.start(__MODULE__, ...)`: the module's own constructor (`StringIO.open/2`), not a caller's choice. */
function startsItself(c: Call, module: string): boolean {
  const first = c.args[0];
  return !!modName(c) && first?.t === 'alias' && (first.current === true || first.name === module);
}

export function collectStarts(mod: ModuleFacts): ModuleFacts['starts'] {
  const out: ModuleFacts['starts'] = [];
  for (const fn of functionsCalling(mod, (c) => startLabel(c) !== undefined)) {
    if (!fn.body) continue;
    const discarded = new Set<Term>();
    for (const { body, used } of statementLists(fn.body)) {
      body.forEach((st, i) => {
        if (st.t === 'op' && st.op === '=' && keepsNothing(st.left)) discarded.add(st.right);
        else if (i < body.length - 1 || !used) discarded.add(st);
      });
    }
    visit(fn.body, (t) => {
      if (isQuote(t)) return false;
      const call = startLabel(t);
      if (call) out.push({ call, inFunction: fnLabel(fn), discarded: discarded.has(t), startsItself: startsItself(t as Call, mod.name), managed: managesItself(t as Call), r: t.r });
      return undefined;
    });
  }
  return out;
}
