// OTP022: a closure run by another process that captures a whole conn, socket or state for a few of its fields.
import { isTestCode } from '../facts/types';
import { defineRule, ANTI_PATTERN } from './define';


function listFields(variable: string, fields: string[]): string {
  const shown = fields.slice(0, 3).map((f) => `${variable}${f.startsWith('[') ? '' : '.'}${f}`);
  return shown.join(', ') + (fields.length > 3 ? ` and ${fields.length - 3} more` : '');
}

export default defineRule({
  id: 'OTP022',
  name: 'sending-unnecessary-data',
  severity: ANTI_PATTERN,
  justifiedBy: [],
  messages: {
    capturesWhole:
      'This closure, run in another process by {via}, captures all of {variable} but reads only {fields}: ' +
      'the whole value is copied to that process. Bind what it needs to variables before the fn.',
  },
  explanation: {
    what: 'A closure given to `spawn`, `Task` or `Task.Supervisor` (or sent in a message) that captures a whole `conn`, `socket` or process state but reads only some of its fields.',
    why:
      'Processes share nothing: every variable a closure uses is copied, whole, into the process that runs it. ' +
      'Reading `conn.assigns.user` inside the fn copies the entire conn (headers, params, assigns, private ' +
      'data), and `state.config` inside a GenServer callback copies the entire state, on every call and for ' +
      'every task of an `async_stream`. Read the fields into variables before the fn, so only they are copied.',
    source: 'Elixir process anti-patterns (sending unnecessary data)',
    bad: `defmodule Weather.Forecasts do
  use GenServer

  @impl true
  def init(config), do: {:ok, %{config: config, cache: %{}}}

  @impl true
  def handle_cast({:refresh, city}, state) do
    Task.start(fn -> fetch(state.config.endpoint, city) end)
    {:noreply, state}
  end

  defp fetch(_endpoint, _city), do: :ok
end`,
    good: `defmodule Weather.Forecasts do
  use GenServer

  @impl true
  def init(config), do: {:ok, %{config: config, cache: %{}}}

  @impl true
  def handle_cast({:refresh, city}, state) do
    endpoint = state.config.endpoint
    Task.start(fn -> fetch(endpoint, city) end)
    {:noreply, state}
  end

  defp fetch(_endpoint, _city), do: :ok
end`,
  },
  check(mod, ctx) {
    if (isTestCode(mod)) return;
    for (const c of mod.closures) {
      ctx.report({
        messageId: 'capturesWhole',
        at: c.span,
        data: { via: c.via, variable: c.variable, fields: listFields(c.variable, c.fields) },
      });
    }
  },
});
