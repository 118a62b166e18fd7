// OTP023: a GenServer callback that calls its own process, directly or through a client function.
import { fnLabel, type ProcessCall } from '../facts/types';
import { defineRule } from './define';

const CALLBACK = /^(?:init|handle_call|handle_cast|handle_info|handle_continue|terminate)$/;

function isSelfCall(pc: ProcessCall, module: string): boolean {
  if (pc.api !== 'GenServer' || pc.fn !== 'call') return false;
  const t = pc.target;
  return t.kind === 'self' || (t.kind === 'module' && t.name === module);
}

export default defineRule({
  id: 'OTP023',
  name: 'genserver-self-call',
  severity: { red: 'error', green: 'error', refactor: 'error' },
  runsOn: ['product', 'tests'],
  justifiedBy: [],
  messages: {
    direct: '{callback} calls its own process with GenServer.call: it waits for itself and times out.',
    indirect: '{callback} calls {client}, which calls this process with GenServer.call: it waits for itself and times out.',
  },
  explanation: {
    what: 'A GenServer callback that makes a synchronous call to its own process.',
    why:
      'A GenServer handles one message at a time. A callback that calls its own process waits for a reply that ' +
      'can only come after the callback returns: the call exits after its timeout (5 s by default) and crashes ' +
      'the server. Call the private function that does the work instead, or send yourself a message with ' +
      '`send/2` or `GenServer.cast/2` when it must run later.',
    source: 'GenServer documentation (calls are synchronous; a process cannot call itself)',
    bad: `defmodule Cart do
  use GenServer

  def total, do: GenServer.call(__MODULE__, :total)

  @impl true
  def init(items), do: {:ok, items}

  @impl true
  def handle_call(:total, _from, items), do: {:reply, Enum.sum(items), items}

  def handle_call(:checkout, _from, items) do
    receipt = %{items: items, total: total()}
    {:reply, receipt, []}
  end
end`,
    good: `defmodule Cart do
  use GenServer

  def total, do: GenServer.call(__MODULE__, :total)

  @impl true
  def init(items), do: {:ok, items}

  @impl true
  def handle_call(:total, _from, items), do: {:reply, sum(items), items}

  def handle_call(:checkout, _from, items) do
    receipt = %{items: items, total: sum(items)}
    {:reply, receipt, []}
  end

  defp sum(items), do: Enum.sum(items)
end`,
  },
  check(mod, ctx) {
    if (mod.behaviour !== 'GenServer') return;
    const selfCalls = mod.processCalls.filter((pc) => isSelfCall(pc, mod.name));
    if (!selfCalls.length) return;
    const callbackNames = new Set(mod.callbacks.filter((c) => CALLBACK.test(c.name)).map((c) => fnLabel(c)));
    const callingFunctions = new Map(selfCalls.map((pc) => [pc.inFunction, pc]));
    for (const pc of selfCalls) {
      if (callbackNames.has(pc.inFunction)) ctx.report({ messageId: 'direct', at: pc.span, data: { callback: pc.inFunction } });
    }
    // One level of indirection: a callback calling the module's own client function.
    for (const { call, fn } of mod.calls) {
      const label = fnLabel(fn);
      if (!callbackNames.has(label) || call.mod) continue;
      const target = callingFunctions.get(`${call.name}/${call.args.length}`);
      if (!target || callbackNames.has(target.inFunction)) continue;
      ctx.report({
        messageId: 'indirect',
        at: call.span,
        data: { callback: label, client: target.inFunction },
        related: [{ file: mod.file, span: target.span, message: `${target.inFunction} calls the process here` }],
      });
    }
  },
});
