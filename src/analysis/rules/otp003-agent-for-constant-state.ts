// OTP003: an Agent that is never updated after it starts, or that lives and dies inside one function.
import type { ModuleFacts, ProcessCall } from '../facts/types';
import { writtenOnlyAtStart } from '../facts/agents';
import { keyword, modName } from '../parse/term-queries';
import { defineRule, PREMATURE } from './define';

const WRITES = ['update', 'get_and_update', 'cast'];

/** The module's own named Agent: `use Agent`, or `Agent.start_link(fun, name: __MODULE__)` inside it. */
function startsNamedAgent(mod: ModuleFacts): boolean {
  if (mod.behaviour === 'Agent') return true;
  return mod.calls.some(({ call }) => {
    if (modName(call) !== 'Agent' || !call.name.startsWith('start')) return false;
    const name = keyword(call.args[call.args.length - 1], 'name');
    return name?.t === 'alias' && name.name === mod.name;
  });
}

function aimsAt(pc: ProcessCall, mod: ModuleFacts, inside: boolean): boolean {
  if (pc.api !== 'Agent') return false;
  if (pc.target.kind === 'module') return pc.target.name === mod.name;
  // Inside the module a pid variable is most likely its own Agent.
  return inside && pc.target.kind !== 'via' && pc.target.kind !== 'global';
}

export default defineRule({
  id: 'OTP003',
  name: 'agent-for-constant-state',
  severity: PREMATURE,
  justifiedBy: ['restart', 'concurrency'],
  messages: {
    constant: 'Agent {module} is only read, never updated after it starts: its state is a constant.',
    scoped: 'This Agent is started and stopped inside {function}: its state never outlives the call.',
  },
  explanation: {
    what: 'An Agent whose state never changes after start, or one started and stopped within a single function.',
    why:
      'An Agent is a process that holds state between calls. If nothing ever updates it, the state is a constant: ' +
      'a module attribute, a function or `:persistent_term` gives the same value without a process to start, ' +
      'supervise and message. If it is started and stopped inside one function, a local variable does the job.',
    source: 'OTP Advisor: signs of premature OTP (a process for data that could be an argument)',
    bad: `defmodule Settings do
  use Agent

  def start_link(_), do: Agent.start_link(fn -> %{currency: "EUR", vat: 21} end, name: __MODULE__)
  def currency, do: Agent.get(__MODULE__, & &1.currency)
end`,
    good: `defmodule Settings do
  @settings %{currency: "EUR", vat: 21}

  def currency, do: @settings.currency
end`,
  },
  check(mod, ctx) {
    if (mod.isTestFile) return;
    for (const fnName of new Set(mod.calls.map(({ fn }) => `${fn.name}/${fn.arity}`))) {
      const inFn = mod.calls.filter(({ fn }) => `${fn.name}/${fn.arity}` === fnName).map(({ call }) => call);
      const start = inFn.find((c) => modName(c) === 'Agent' && c.name.startsWith('start'));
      if (start && inFn.some((c) => modName(c) === 'Agent' && c.name === 'stop')) {
        ctx.report({ messageId: 'scoped', at: start.span, data: { function: fnName } });
      }
    }

    if (!startsNamedAgent(mod)) return;
    const calls: ProcessCall[] = [];
    for (const other of ctx.project.modules) {
      if (other.isTestFile) continue;
      for (const pc of other.processCalls) {
        if (aimsAt(pc, mod, other === mod)) calls.push(pc);
        // An update through a pid from a module that starts no Agent of its own could reach this one.
        else if (other !== mod && pc.api === 'Agent' && WRITES.includes(pc.fn) && pc.target.kind === 'var' && !startsNamedAgent(other)) return;
      }
    }
    // Writes made while starting (loading a value in start_link) leave a constant once the Agent runs.
    const writes = calls.filter((c) => WRITES.includes(c.fn));
    if (!calls.some((c) => c.fn === 'get') || !writtenOnlyAtStart(mod, writes, ctx.project.modules)) return;
    const at = mod.behaviourSpan ?? mod.calls.find(({ call }) => modName(call) === 'Agent' && call.name.startsWith('start'))?.call.span;
    if (at) ctx.report({ messageId: 'constant', at, data: { module: mod.name } });
  },
});
