import rule from '../../../src/analysis/rules/otp022-sending-unnecessary-data';
import { runRuleTests } from '../../helpers/rule-tester';

const trackVisit = `defmodule Web.Plugs.TrackVisit do
  @behaviour Plug

  def init(opts), do: opts

  def call(conn, _opts) do
    Task.Supervisor.start_child(Web.TaskSupervisor, fn ->
      Web.Analytics.record(conn.request_path, conn.remote_ip)
    end)

    conn
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'fields bound to variables before the closure',
      code: `defmodule Web.Plugs.TrackVisit do
  def call(conn, _opts) do
    path = conn.request_path
    ip = conn.remote_ip
    Task.Supervisor.start_child(Web.TaskSupervisor, fn -> Web.Analytics.record(path, ip) end)
    conn
  end
end
`,
    },
    {
      name: 'the whole value is used in the closure',
      code: `defmodule Web.Export do
  def call(conn, _opts) do
    Task.async(fn -> Web.Csv.render(conn, conn.params) end)
    conn
  end
end
`,
    },
    {
      name: 'the closure binds its own state',
      code: `defmodule Batch do
  def run(items) do
    Task.async_stream(items, fn state -> state.id end) |> Enum.to_list()
  end
end
`,
    },
    {
      name: 'a closure run in the same process (Enum.map)',
      code: `defmodule Totals do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:sum, _from, state) do
    send(self(), :done)
    {:reply, Enum.map(state.items, fn i -> i * state.rate end), state}
  end
end
`,
    },
    {
      name: 'other variables are small enough',
      code: `defmodule Mailer do
  def deliver_later(user) do
    Task.start(fn -> Mailer.deliver(user.email) end)
  end
end
`,
    },
    {
      name: 'a LiveView reading assigns before start',
      code: `defmodule Web.ReportLive do
  def handle_event("load", _params, socket) do
    user_id = socket.assigns.user_id
    task = Task.async(fn -> Reports.for_user(user_id) end)
    {:noreply, assign(socket, task: task.ref)}
  end
end
`,
    },
    {
      name: 'tests are left alone',
      files: {
        'test/web_test.exs': `defmodule WebTest do
  use ExUnit.Case
  test "x", %{conn: conn} do
    Task.async(fn -> conn.host end) |> Task.await()
  end
end
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a plug captures the whole conn',
      code: trackVisit,
      errors: [{ messageId: 'capturesWhole', line: 7, column: 53, severity: 'warning', message: 'reads only conn.remote_ip, conn.request_path' }],
    },
    { name: 'a warning in REFACTOR too', code: trackVisit, phase: 'refactor', errors: [{ messageId: 'capturesWhole', severity: 'warning' }] },
    { name: 'a warning in RED too', code: trackVisit, phase: 'red', errors: [{ messageId: 'capturesWhole', severity: 'warning' }] },
    {
      name: 'a GenServer callback captures its state (any name)',
      code: `defmodule Weather.Forecasts do
  use GenServer

  def init(config), do: {:ok, %{config: config, cache: %{}}}

  def handle_cast({:refresh, city}, %{cache: _} = data) do
    task = Task.async(fn -> fetch(data.config.endpoint, city) end)
    {:noreply, Map.put(data, :pending, task.ref)}
  end

  defp fetch(_endpoint, _city), do: :ok
end
`,
      errors: [{ messageId: 'capturesWhole', line: 7, column: 23, message: 'captures all of data but reads only data.config.endpoint' }],
    },
    {
      name: 'a LiveView socket read with brackets in a spawn',
      code: `defmodule Web.ReportLive do
  def handle_event("load", _params, socket) do
    spawn(fn -> Reports.warm(socket.assigns[:user_id]) end)
    {:noreply, socket}
  end
end
`,
      errors: [{ messageId: 'capturesWhole', line: 3, column: 11, message: 'by spawn' }],
    },
    {
      name: 'every task of an async_stream gets a copy of state',
      code: `defmodule Queues do
  use GenServer

  def init(state) do
    state.queues
    |> Task.async_stream(fn opts -> start_queue(state.conf, opts) end)
    |> Stream.run()

    {:ok, state}
  end

  defp start_queue(_conf, _opts), do: :ok
end
`,
      errors: [{ messageId: 'capturesWhole', line: 6, column: 26, message: 'Task.async_stream' }],
    },
    {
      name: 'a closure sent in a message',
      code: `defmodule Jobs do
  def enqueue(worker, conn) do
    send(worker, {:run, fn -> Audit.log(conn.assigns.current_user) end})
    conn
  end
end
`,
      errors: [{ messageId: 'capturesWhole', line: 3, column: 25, message: 'by send' }],
    },
  ],
});
