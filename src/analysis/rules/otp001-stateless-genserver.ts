// OTP001: a GenServer whose callbacks never read or change their state — code organised by process.
import { owningCall, owningCallReached } from '../facts/ownership';
import { readModifyWrite } from '../facts/outside-state';
import { reachedCalls } from '../facts/reach';
import { ignoresMessage } from '../facts/callbacks';
import { keepsStatePlain } from '../facts/state-effects';
import type { ModuleFacts } from '../facts/types';
import { isRemote } from '../parse/term-queries';
import { defineRule, PREMATURE } from './define';

/**
 * The process joins a process group (`:pg.join`, `:pg2.join`) or subscribes to a topic (`Phoenix.PubSub.subscribe`):
 * a member of a group is a process by definition, and other nodes or publishers reach the work through it (a
 * cluster's entry point for mail sent from another node). Holding no state does not make it removable.
 */
function joinsGroup(mod: ModuleFacts): boolean {
  return mod.calls.some(({ call }) => isRemote(call, ':pg', ['join']) || isRemote(call, ':pg2', ['join']) || isRemote(call, 'Phoenix.PubSub', ['subscribe']));
}

export default defineRule({
  id: 'OTP001',
  name: 'stateless-genserver',
  severity: PREMATURE,
  justifiedBy: ['restart', 'concurrency'],
  messages: {
    stateless: 'GenServer {module} never reads or changes its state: its callbacks are plain functions run in a process.',
    lock:
      'GenServer {module} keeps no state of its own, but {callback} reads {store} and writes it back ({write}): the process ' +
      'is a lock around state kept outside it. Keep that state in the process, where its callbacks read and update it.',
  },
  explanation: {
    what: 'A GenServer whose callbacks neither read nor change the state they receive.',
    why:
      'Every call goes through one process and its mailbox, which serialises callers and adds a failure point, ' +
      'yet the process holds nothing. This is "code organisation by process" from Elixir\'s anti-pattern guide. ' +
      'Move the callback bodies into plain public functions and call them directly; add a process only when a test ' +
      'needs state that outlives a call, a timer, or supervision. A server of casts alone counts when its casts only ' +
      'print or compute (a `Task` runs such work in the background); one whose casts write to a file or message other ' +
      'processes serialises them, and is left alone. Not flagged when the process joins a process group (`:pg.join`, ' +
      '`:pg2.join`) or subscribes to a `Phoenix.PubSub` topic: a group member must be a process, and it is how other ' +
      'nodes or publishers hand it work. Not flagged when a callback, itself or through a function of the project it ' +
      'calls, creates an ETS table (`:ets.new`): the table belongs to the process that created it, which is state the ' +
      'server owns. A server whose callback reads and writes back state kept elsewhere (the application environment, ' +
      '`:persistent_term`, an ETS table) is a lock: without it two callers\' updates could interleave, so it is at most ' +
      'a hint, whose advice is to keep that state in the process.',
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
    // The anti-pattern is an API of calls and casts behind a process. handle_info (monitors, timers, ports)
    // and handle_continue (work run in the background, e.g. a one-off job under a DynamicSupervisor)
    // make the process the point.
    if (!handlers.length || handlers.some((c) => c.name !== 'handle_call' && c.name !== 'handle_cast')) return;
    if (owningCall(mod) || joinsGroup(mod)) return;
    if (handlers.some((c) => c.readsState || c.returns.some((r) => !r.stateUnchanged))) return;
    // What the callbacks do through the project's functions (a service module each request is handed to) counts.
    if (owningCallReached(mod, ctx.project)) return;
    // A callback whose own reach reads and writes the store names it best; else one calling a module that does.
    const reached = handlers.map((cb) => reachedCalls(cb.clause.body ?? [], mod, ctx.project));
    for (const viaModules of [false, true]) {
      for (const [i, cb] of handlers.entries()) {
        const rmw = readModifyWrite(reached[i], mod, ctx.project, viaModules);
        if (!rmw) continue;
        const data = { module: mod.name, callback: `${cb.name}/${cb.arity}`, ...rmw };
        ctx.report({ messageId: 'lock', at: mod.behaviourSpan, data, atMost: 'hint' });
        return;
      }
    }
    // Casts alone are background work: they need the process when it serialises something (writes to one file,
    // messages to other processes); casts that only print or compute are a function call run in a mailbox.
    if (handlers.every((c) => c.name === 'handle_cast') && !handlers.every((c) => keepsStatePlain(c, mod, ctx.project))) return;
    ctx.report({ messageId: 'stateless', at: mod.behaviourSpan, data: { module: mod.name } });
  },
});
