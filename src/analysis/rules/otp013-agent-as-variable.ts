// OTP013: an Agent that only holds data pure functions update: a variable in a process, or an accumulator
// one caller fills and reads.
import { AGENT_WRITES, callsOnOwnAgent, helperAgentCalls, ownAgent, writtenOnlyAtStart } from '../facts/agents';
import { isPure } from '../facts/summaries';
import type { Handle, ModuleFacts } from '../facts/types';
import type { ProjectIndex } from '../project-index';
import type { Term } from '../parse/term';
import { modName, returnPoints } from '../parse/term-queries';
import { defineRule, PREMATURE } from './define';

/** The function given to an Agent write is pure (looking through the module's own helpers). */
function pureFun(t: Term | undefined, mod: ModuleFacts, project: ProjectIndex): boolean {
  return !!t && (t.t === 'fn' || t.t === 'unary') && isPure([t], mod, project);
}

/** Every write only adds to the state: `[x | s]`, `s ++ l`, `s + n`, `MapSet.put`. */
function accumulates(funs: Term[]): boolean {
  return funs.every((f) => {
    const body = f.t === 'fn' && f.clauses.length === 1 ? returnPoints(f.clauses[0].body) : f.t === 'unary' ? [f.arg] : [];
    return body.length > 0 && body.every(isAddition);
  });
}

function isAddition(r: Term): boolean {
  if (r.t === 'list') return r.items.length === 1 && r.items[0].t === 'op' && r.items[0].op === '|';
  if (r.t === 'op') return ['+', '++', '<>'].includes(r.op);
  return r.t === 'call' && modName(r) === 'MapSet' && r.name === 'put';
}

/**
 * Started, fed and read within one function, and never handed to anyone but helpers that only talk to it (the
 * module's own, a recursive one appending what it receives, or another module's `Score.roll(pid, pins)`): the
 * process is a local variable. The last thing done with it, directly or through a helper, is a read.
 */
function isLocalAccumulator(h: Handle, mod: ModuleFacts, project: ProjectIndex): boolean {
  if (h.kind !== 'Agent' || h.returned || h.storedIn.length || h.name) return false;
  const passes = h.passedTo.map((p) => ({ span: p.span, calls: helperAgentCalls(mod, p.to, (n) => project.module(n)) }));
  if (passes.some((p) => p.calls === undefined)) return false;
  const steps = [...h.uses.map((u) => ({ span: u.span, calls: [u.call] })), ...passes].sort((a, b) => a.span.start - b.span.start);
  const all = steps.flatMap((s) => s.calls ?? []);
  if (all.includes('Agent.stop')) return false; // OTP003 reports a scoped Agent
  const last = steps[steps.length - 1]?.calls ?? [];
  return all.some((c) => AGENT_WRITES.includes(c.slice(6))) && last.length > 0 && last[last.length - 1] === 'Agent.get';
}

export default defineRule({
  id: 'OTP013',
  name: 'agent-as-variable',
  severity: PREMATURE,
  justifiedBy: ['restart', 'concurrency'],
  messages: {
    accumulator: 'Agent {module} only accumulates what callers add ({writes}) and hands it back: thread a value through the calls (a list, a map, Enum.reduce) instead.',
    variable: 'Agent {module} only holds data that pure functions update ({writes}): pass the data as an argument and return it updated.',
    local: 'This Agent is started, fed and read inside {function}: a value threaded through Enum.reduce does the same without a process (and this one is never stopped).',
  },
  explanation: {
    what: 'An Agent whose every update is a pure function of its state, read back by the same callers: a variable, or an accumulator, kept in a process.',
    why:
      'An Agent earns its process when several processes share the data at the same time, or when the data must ' +
      'outlive the callers. When one caller drives it in sequence (a game\'s rolls, a running total, collected ' +
      'results), the process only adds a start, a name, messages and a failure point around a value the caller ' +
      'could hold itself: keep the value in a struct or a map, pass it in and return it updated, or fold with ' +
      '`Enum.reduce`. It does not apply when a test shows concurrent callers or a restart, or when the Agent is ' +
      'the shared cache of a running application (then say so in a suppression comment).',
    source: 'OTP Advisor: progressive OTP adoption (pure functions, then Agent, then GenServer); Elixir docs, Agent',
    bad: `defmodule Bowling do
  use Agent

  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)
  def roll(pins), do: Agent.update(__MODULE__, &[pins | &1])
  def score, do: Agent.get(__MODULE__, &Enum.sum/1)
end`,
    good: `defmodule Bowling do
  def new, do: []
  def roll(rolls, pins), do: [pins | rolls]
  def score(rolls), do: Enum.sum(rolls)
end`,
  },
  check(mod, ctx) {
    if (mod.isTestFile) return;
    for (const h of mod.handles) {
      if (isLocalAccumulator(h, mod, ctx.project)) ctx.report({ messageId: 'local', at: h.span, data: { function: h.inFunction } });
    }
    const at = ownAgent(mod);
    if (!at) return;
    const calls = callsOnOwnAgent(mod, ctx.project.modules);
    const writes = calls.filter((c) => AGENT_WRITES.includes(c.fn));
    if (!writes.length || writtenOnlyAtStart(mod, writes, ctx.project.modules) || !calls.some((c) => c.fn === 'get' || c.fn === 'get_and_update')) return;
    const funs = writes.map((c) => c.call.args[1]);
    if (!funs.every((f) => pureFun(f, mod, ctx.project))) return;
    const names = [...new Set(writes.map((c) => `Agent.${c.fn}`))].join(', ');
    ctx.report({ messageId: accumulates(funs as Term[]) ? 'accumulator' : 'variable', at, data: { module: mod.name, writes: names } });
  },
});
