// OTP001: a GenServer whose callbacks never read or change their state — code organised by process.
import { owningCall } from '../facts/ownership';
import type { Callback } from '../facts/types';
import { defineRule, PREMATURE } from './define';

export default defineRule({
  id: 'OTP001',
  name: 'stateless-genserver',
  severity: PREMATURE,
  justifiedBy: ['restart', 'concurrency'],
  messages: {
    stateless: 'GenServer {module} never reads or changes its state: its callbacks are plain functions run in a process.',
  },
  explanation: {
    what: 'A GenServer whose callbacks neither read nor change the state they receive.',
    why:
      'Every call goes through one process and its mailbox, which serialises callers and adds a failure point, ' +
      'yet the process holds nothing. This is "code organisation by process" from Elixir\'s anti-pattern guide. ' +
      'Move the callback bodies into plain public functions and call them directly; add a process only when a test ' +
      'needs state that outlives a call, a timer, or supervision.',
    source: 'Elixir anti-patterns guide: "Code organization by process"',
    bad: `defmodule Calculator do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def add(a, b), do: GenServer.call(__MODULE__, {:add, a, b})

  @impl true
  def init(state), do: {:ok, state}

  @impl true
  def handle_call({:add, a, b}, _from, state), do: {:reply, a + b, state}
end`,
    good: `defmodule Calculator do
  def add(a, b), do: a + b
end`,
  },
  check(mod, ctx) {
    if (mod.behaviour !== 'GenServer' || mod.isTestFile || !mod.behaviourSpan) return;
    const handlers = mod.callbacks.filter((c) => c.name.startsWith('handle_') && !ignoresMessage(c));
    // The anti-pattern is a request/response API behind a process. handle_info (monitors, timers, ports)
    // and handle_continue (work run in the background, e.g. a one-off job under a DynamicSupervisor)
    // make the process the point; casts alone are background work too.
    if (!handlers.some((c) => c.name === 'handle_call')) return;
    if (handlers.some((c) => c.name !== 'handle_call' && c.name !== 'handle_cast')) return;
    if (owningCall(mod)) return;
    if (handlers.some((c) => c.readsState || c.returns.some((r) => !r.stateUnchanged))) return;
    ctx.report({ messageId: 'stateless', at: mod.behaviourSpan, data: { module: mod.name } });
  },
});

/**
 * A `handle_info` clause that only hands the state back (`def handle_info(_msg, state), do: {:noreply, state}`):
 * the catch-all learners copy from templates. It drops any message; it gives the process nothing to do. A clause for
 * one message (`:tick`) says something sends it, and stays a reason.
 */
function ignoresMessage(c: Callback): boolean {
  const message = c.clause.params[0];
  return c.name === 'handle_info' && message?.t === 'var' && (c.clause.body ?? []).length === 1 && c.returns.length > 0 && c.returns.every((r) => r.tag === ':noreply' && r.stateUnchanged && !r.timeout);
}
