// OTP002: a GenServer whose callbacks only get, set or update the state with one pure expression.
import { ignoresMessage } from '../facts/callbacks';
import { childModule } from '../facts/children';
import { armsIdleTick, idleTick, idleTimeouts } from '../facts/idle-ticks';
import { owningCall } from '../facts/ownership';
import { keepsStatePlain } from '../facts/state-effects';
import { handlesUnsentMessage } from '../facts/unsent-messages';
import { heldModuleResolver } from '../facts/state-modules';
import type { Callback, ModuleFacts } from '../facts/types';
import type { ProjectIndex } from '../project-index';
import { isConstant } from '../parse/term-queries';
import { defineRule, PREMATURE } from './define';

/** Beyond this many statements a callback does more than get or set its state. */
const MAX_STATEMENTS = 4;

/**
 * A short callback that keeps its state a plain value: a few bindings (`turn = %{turn | action: nil}`) or effects
 * that take nothing from the state (printing, a lookup the caller could make), then the reply, with every new state
 * computed by pure code (looking through the project's helpers, and through a handler module the state holds from
 * init on). Stopping on request (`{:stop, :normal, :ok, state}`, a learner's `close`) ends the value's life; it asks
 * nothing more of the process. A reply tuple missing its state (`{:reply, :ok}`) is a bug to fix, not a reason to
 * keep the process.
 */
function isTrivial(cb: Callback, mod: ModuleFacts, project: ProjectIndex, idleTimeout: boolean): boolean {
  const body = cb.clause.body ?? [];
  if (body.length === 0 || body.length > MAX_STATEMENTS || !keepsStatePlain(cb, mod, project, heldModuleResolver(cb, mod, project))) return false;
  if (body.slice(0, -1).some((t) => t.t !== 'call' && (t.t !== 'op' || t.op !== '='))) return false;
  return cb.returns.every(
    (r) => (r.tag === ':reply' || r.tag === ':noreply' || r.tag === ':stop') && (!r.timeout || idleTimeout) && (r.state !== undefined || r.tag !== ':stop'),
  );
}

/**
 * One process per key chosen at run time: the project starts the module under a DynamicSupervisor with a spec built
 * from the caller's arguments (`{Room, room_id}`). Each instance is an entity of its own (a room, a game), found
 * by its key, not one global value a map argument could replace.
 */
function startedPerKey(name: string, project: ProjectIndex): boolean {
  return project.modules.some((m) => m.dynamicStarts.some((d) => d.spec && !isConstant(d.spec) && childModule(d.spec) === name));
}

export default defineRule({
  id: 'OTP002',
  name: 'trivial-state-genserver',
  severity: PREMATURE,
  justifiedBy: ['restart', 'concurrency', 'timers'],
  messages: {
    trivial: 'GenServer {module} only gets and updates its state; an Agent, or passing the state as an argument, is simpler.',
  },
  explanation: {
    what:
      'A GenServer whose callbacks only read, replace or update the state with pure code (standard-library calls, closures, ' +
      'the project\'s pure helpers, imported ones too), perhaps beside effects that take nothing from the state (printing, ' +
      'a lookup by the key the caller sent).',
    why:
      'When every callback is "return the state" or "compute the next state", the GenServer is a hand-written ' +
      'Agent: a module, a start function, client functions and callbacks for what `Agent.get/update` do in a ' +
      'line. In the GREEN phase, passing the value as an argument is simpler still. An effect that takes nothing from ' +
      'the state is work the caller can do itself before or after, and a `handle_info` for an atom that no code of the ' +
      'project sends (nor its tests) is reached only from iex. Keep a GenServer when it handles messages, timers, ' +
      'monitors or resources, talks to other processes, writes files, hands its state to the outside world, lets its ' +
      'state decide what it prints or looks up (a clause picked by a flag in the state, a `case` on it: an output server ' +
      'serialising writes under process-wide settings), runs as one process per key chosen at run time (a room per id ' +
      'started under a DynamicSupervisor), is read and changed by another process of the project as it works ' +
      'on its own (in its `handle_info`: a queue that callers fill and a solver process drains on a timer, so the value ' +
      'is shared between processes; a proxy forwarding its callers\' requests does not count), or when its tests verify restarts or concurrency. ' +
      'A timer or timeout whose `handle_info` only prints or re-arms itself and hands the state back unchanged (a heartbeat, ' +
      'the `{:ok, state, 1000}` copied from the docs) drives no work, so it does not count as handling timers.',
    source: 'OTP Advisor: progressive OTP adoption (pure functions, then Agent, then GenServer)',
    bad: `defmodule Counter do
  use GenServer

  def start_link(n), do: GenServer.start_link(__MODULE__, n, name: __MODULE__)
  def value, do: GenServer.call(__MODULE__, :value)
  def increment, do: GenServer.cast(__MODULE__, :increment)

  @impl true
  def init(n), do: {:ok, n}

  @impl true
  def handle_call(:value, _from, n), do: {:reply, n, n}

  @impl true
  def handle_cast(:increment, n), do: {:noreply, n + 1}
end`,
    good: `defmodule Counter do
  def new(n \\\\ 0), do: n
  def increment(n), do: n + 1
  def value(n), do: n
end`,
  },
  check(mod, ctx) {
    if (mod.behaviour !== 'GenServer' || mod.isTestFile || !mod.behaviourSpan) return;
    // A catch-all handle_info that drops (or logs) stray messages gives the process nothing to do, and so does a
    // clause for an atom nothing in the project sends (a demo's `handle_info(:hello, state)` logging the count).
    // So does a tick that only prints or re-arms itself and keeps the state (idle-ticks.ts): its timer drives no work.
    const handlers = mod.callbacks.filter(
      (c) => c.name.startsWith('handle_') && !ignoresMessage(c) && !idleTick(c) && !handlesUnsentMessage(c, mod, ctx.project),
    );
    if (!handlers.length || handlers.some((c) => c.name !== 'handle_call' && c.name !== 'handle_cast')) return;
    // A state never changed is OTP001's (never read either) or OTP016's (a constant).
    if (handlers.every((c) => c.returns.every((r) => r.stateUnchanged))) return;
    if (owningCall(mod, (call) => armsIdleTick(call, mod))) return;
    const init = mod.callbacks.find((c) => c.name === 'init');
    const idleTimeout = idleTimeouts(mod);
    // Where the first state comes from (an argument, a stash process, a file read once) does not change what the
    // process does afterwards; what it owns is checked above, and a timeout or `:continue` means more than a value.
    if (init && init.returns.some((r) => r.tag !== ':ok' || (r.timeout && !idleTimeout))) return;
    if (!handlers.every((h) => isTrivial(h, mod, ctx.project, idleTimeout))) return;
    // Looked for last: they scan the project's dynamic starts and its other process modules. A value that another
    // process reads and changes on its own while callers elsewhere change it too is shared state (process-clients.ts).
    if (startedPerKey(mod.name, ctx.project) || ctx.project.processClients(mod.name).length) return;
    ctx.report({ messageId: 'trivial', at: mod.behaviourSpan, data: { module: mod.name } });
  },
});
