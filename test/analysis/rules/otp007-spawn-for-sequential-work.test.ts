import rule from '../../../src/analysis/rules/otp007-spawn-for-sequential-work';
import { runRuleTests } from '../../helpers/rule-tester';

const builder = `defmodule Reports.Builder do
  def build(month) do
    task = Task.async(fn -> rows(month) end)
    rows = Task.await(task)
    Enum.sum(rows)
  end

  defp rows(_month), do: [10, 20, 30]
end
`;

const concurrentTest = `defmodule Reports.BuilderTest do
  use ExUnit.Case

  test "builds months from many callers at once" do
    results =
      ["2024-01", "2024-02", "2024-03"]
      |> Task.async_stream(&Reports.Builder.build/1)
      |> Enum.map(fn {:ok, total} -> total end)

    assert results == [60, 60, 60]
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a task awaited after the caller did other work (a call) meanwhile',
      code: `defmodule Fetch do
  def run(x) do
    t = Task.async(fn -> compute(x) end)
    local = lookup(x)
    Task.await(t) + local
  end
  defp compute(x), do: x + 1
  defp lookup(x), do: x * 3
end
`,
    },
    {
      name: 'an explicit deadline: Task.await(Task.async(...), 10_000) bounds slow work',
      code: `defmodule Slow do
  def call(x), do: Task.await(Task.async(Heavy, :run, [x]), 10_000)

  def confirm(prompt) do
    task = Task.async(fn -> IO.gets(prompt) end)
    Task.await(task, 10_000)
  end
end
`,
    },
    {
      name: 'a task whose closure switches the process dictionary through a function it calls (a tenant switch)',
      files: {
        'lib/app/repo.ex': `defmodule App.Repo do
  def put_process_state(org_id) do
    Process.put(:org_id, org_id)
    :ok
  end
end
`,
        'lib/app/onboard.ex': `defmodule App.Onboard do
  alias App.Repo

  def setup(org) do
    task = Task.async(fn ->
      Repo.put_process_state(org.id)
      App.Seeds.run(org)
    end)
    Task.await(task)
  end
end
`,
      },
    },
    {
      name: 'a task whose closure calls a tenant switch that a `use`d helper module injects, through a local helper',
      files: {
        'lib/app/repo_helpers.ex': `defmodule App.RepoHelpers do
  defmacro __using__(_) do
    quote do
      def put_org_id(org_id), do: Process.put(:org_id, org_id)

      def put_process_state(org_id) do
        put_org_id(org_id)
        org_id
      end
    end
  end
end
`,
        'lib/app/repo.ex': `defmodule App.Repo do
  use App.RepoHelpers
end
`,
        'lib/app/onboard.ex': `defmodule App.Onboard do
  alias App.Repo

  def setup(org) do
    task = Task.async(fn ->
      Repo.put_process_state(org.id)
      App.Seeds.run(org)
    end)
    Task.await(task)
  end
end
`,
      },
    },
    {
      name: 'a comment says why the work is isolated (its garbage)',
      code: `defmodule Flusher do
  def flush(state) do
    # Run in a throwaway process so the large binaries it reads are garbage collected with it.
    task = Task.async(fn -> Exporter.flush(state.module) end)
    Task.await(task)
  end
end
`,
    },
    {
      name: 'several tasks started, then awaited together',
      code: `defmodule Dashboard do
  def load(user) do
    orders = Task.async(fn -> Shop.orders(user) end)
    invoices = Task.async(fn -> Shop.invoices(user) end)
    %{orders: Task.await(orders), invoices: Task.await(invoices)}
  end
end
`,
    },
    {
      name: 'a second task awaited at once while the first still runs',
      code: `defmodule Dashboard do
  def load(user) do
    orders = Task.async(fn -> Shop.orders(user) end)
    invoices = Task.async(fn -> Shop.invoices(user) end)
    got = Task.await(invoices)
    {Task.await(orders), got}
  end
end
`,
    },
    {
      name: 'Task.await_many over a list of tasks',
      code: `defmodule Fetch do
  def all(urls) do
    urls
    |> Enum.map(fn url -> Task.async(fn -> Http.get(url) end) end)
    |> Task.await_many(10_000)
  end
end
`,
    },
    {
      name: 'other work between the start and the await',
      code: `defmodule Page do
  def render(id) do
    task = Task.async(fn -> Stats.slow(id) end)
    body = Templates.body(id)
    {body, Task.await(task)}
  end
end
`,
    },
    {
      name: 'Task.yield with Task.shutdown bounds the call in time',
      code: `defmodule Diff do
  def compute(left, right) do
    task = Task.async(fn -> Myers.diff(left, right) end)
    case Task.yield(task, 1_500) || Task.shutdown(task, :brutal_kill) do
      {:ok, diff} -> diff
      nil -> :too_slow
    end
  end
end
`,
    },
    {
      name: 'Task.yield with a timeout lets the caller go on',
      code: `defmodule Terrain do
  def elevation(coords, data) do
    task = Task.async(fn -> Srtm.get(coords) end)
    case Task.yield(task, data.timeout) do
      {:ok, e} -> {:ok, e}
      nil -> {:waiting, task.ref}
    end
  end
end
`,
    },
    {
      name: 'a receive for :DOWN waits for an isolated process to finish',
      code: `defmodule Isolated do
  def run(fun) do
    {_pid, ref} = spawn_monitor(fun)
    receive do
      {:DOWN, ^ref, :process, _, reason} -> reason
    end
  end
end
`,
    },
    {
      name: 'a receive with a timeout bounds a call that could hang',
      code: `defmodule Meta do
  def backtrace(meta) do
    parent = self()
    pid = spawn(fn -> send(parent, {:ok, :int.meta(meta, :backtrace, :all)}) end)
    receive do
      {:ok, trace} -> trace
    after
      5_000 ->
        Process.exit(pid, :kill)
        []
    end
  end
end
`,
    },
    {
      name: 'a spawned process that never answers',
      code: `defmodule Watch do
  def start(path) do
    spawn(fn -> Watcher.loop(path) end)
    receive do
      :stop -> :ok
    end
  end
end
`,
    },
    {
      name: 'a task that needs a process dictionary of its own',
      code: `defmodule Compile do
  def with_cache(fun, cache) do
    task =
      Task.async(fn ->
        Process.put(:compiler_cache, cache)
        fun.()
      end)

    Task.await(task, :infinity)
  end
end
`,
    },
    {
      name: 'the task is returned to the caller',
      code: `defmodule Suite do
  def async_run(opts), do: Task.async(fn -> Runner.run(opts) end)
  def await_run(task), do: Task.await(task, :infinity)
end
`,
    },
    {
      name: 'test files use tasks to run code in another process',
      files: {
        'lib/reports/builder.ex': 'defmodule Reports.Builder do\n  def build(_), do: 60\nend\n',
        'test/reports/builder_test.exs': `defmodule Reports.BuilderTest do
  use ExUnit.Case

  test "works from another process" do
    assert Task.async(fn -> Reports.Builder.build("x") end) |> Task.await() == 60
  end
end
`,
      },
    },
    {
      name: 'test support modules under test/',
      files: {
        'test/support/worker.ex': `defmodule Support.Worker do
  def perform(fun), do: fun |> Task.async() |> Task.await(50)
end
`,
      },
    },
    {
      name: 'code generated inside quote',
      code: `defmodule Macros do
  defmacro in_task(expr) do
    quote do
      Task.async(fn -> unquote(expr) end) |> Task.await()
    end
  end
end
`,
    },
    { name: 'justified by a test that builds from many callers at once (concurrency)', files: { 'lib/reports/builder.ex': builder, 'test/reports/builder_test.exs': concurrentTest } },
  ],
  invalid: [
    {
      name: 'bound, then printing and bookkeeping that calls no function, then awaited',
      code: `defmodule Fetch do
  def run(x) do
    t = Task.async(fn -> compute(x) end)
    IO.puts("waiting")
    y = x * 2
    Task.await(t) + y
  end
  defp compute(x), do: x + 1
end
`,
      errors: [{ messageId: 'taskNext', line: 3, message: 'run/1' }],
    },
    {
      name: 'bound and awaited by the next statement',
      code: builder,
      errors: [{ messageId: 'taskNext', line: 3, column: 12, severity: 'warning', message: 'This task (running `rows`) is awaited by the next statement of build/1' }],
    },
    { name: 'information in REFACTOR', code: builder, phase: 'refactor', errors: [{ messageId: 'taskNext', severity: 'information' }] },
    { name: 'warning in RED', code: builder, phase: 'red', errors: [{ messageId: 'taskNext', severity: 'warning' }] },
    {
      name: 'a task calling a function a `use`d helper injects, which only reads the process dictionary',
      files: {
        'lib/app/repo_helpers.ex': `defmodule App.RepoHelpers do
  defmacro __using__(_) do
    quote do
      def get_org_id, do: Process.get(:org_id)
      def put_org_id(org_id), do: Process.put(:org_id, org_id)
    end
  end
end
`,
        'lib/app/repo.ex': `defmodule App.Repo do
  use App.RepoHelpers
end
`,
        'lib/app/report.ex': `defmodule App.Report do
  def org do
    task = Task.async(fn -> App.Repo.get_org_id() end)
    Task.await(task)
  end
end
`,
      },
      errors: [{ messageId: 'taskNext', file: 'lib/app/report.ex', line: 3, message: 'org/0' }],
    },
    {
      name: 'piped straight into Task.await',
      code: `defmodule Summary do
  def lines(reports) do
    Enum.map(reports, fn report ->
      Task.async(fn -> format(report) end)
      |> Task.await()
    end)
  end

  defp format(r), do: inspect(r)
end
`,
      errors: [{ messageId: 'taskPipe', line: 4, column: 7, message: 'lines/1 waits for it' }],
    },
    {
      name: 'bound and yielded by the next statement without a shutdown',
      code: `defmodule Yielder do
  def get(key) do
    t = Task.async(fn -> Store.fetch(key) end)
    {:ok, value} = Task.yield(t)
    value
  end
end
`,
      errors: [{ messageId: 'taskNext', line: 3, column: 9 }],
    },
    {
      name: 'spawn followed by a receive for its answer',
      code: `defmodule Checksum do
  def sha256(path) do
    parent = self()

    spawn(fn ->
      send(parent, {:digest, :crypto.hash(:sha256, File.read!(path))})
    end)

    receive do
      {:digest, d} -> Base.encode16(d)
    end
  end
end
`,
      errors: [{ messageId: 'spawnReceive', line: 5, column: 5, message: 'sha256/1' }],
    },
    {
      name: 'spawn_link bound, then a receive bound',
      code: `defmodule Adder do
  def add(a, b) do
    me = self()
    _pid = spawn_link(fn -> send(me, {:sum, a + b}) end)
    result = receive do
      {:sum, s} -> s
    end
    result
  end
end
`,
      errors: [{ messageId: 'spawnReceive', line: 4, column: 12 }],
    },
    {
      name: 'a test that only calls it does not justify it',
      files: {
        'lib/reports/builder.ex': builder,
        'test/reports/builder_test.exs': 'defmodule Reports.BuilderTest do\n  use ExUnit.Case\n  test "sums" do\n    assert Reports.Builder.build("x") == 60\n  end\nend\n',
      },
      errors: [{ messageId: 'taskNext', file: 'lib/reports/builder.ex', message: 'do not verify concurrent use' }],
    },
  ],
});

runRuleTests(rule, {
  valid: [
    {
      name: 'tasks started eagerly, then awaited',
      code: 'defmodule Load do\n  def all(files) do\n    files\n    |> Enum.map(fn f -> Task.async(fn -> File.read!(f) end) end)\n    |> Enum.map(&Task.await/1)\n  end\nend\n',
    },
  ],
  invalid: [
    {
      name: 'tasks from a lazy Stream.map awaited one by one',
      code: 'defmodule Load do\n  def all(files) do\n    files\n    |> Stream.map(fn f -> Task.async(fn -> File.read!(f) end) end)\n    |> Enum.map(&Task.await/1)\n  end\nend\n',
      errors: [{ messageId: 'lazyStream', line: 3, message: 'all/1' }],
    },
  ],
});

// Scripts: code outside modules (exercises run with `elixir file.exs`) is read as one top-level function.
runRuleTests(rule, {
  valid: [
    {
      name: 'a script that works while its task runs',
      files: { 'lib/fib.exs': 'worker = Task.async(fn -> Enum.sum(1..1_000_000) end)\nother = Enum.sum(1..10)\nresult = Task.await(worker)\nIO.puts(result + other)\n' },
    },
  ],
  invalid: [
    {
      name: 'a script that only prints while its task runs',
      files: { 'lib/fib.exs': 'IO.puts("start")\nworker = Task.async(fn -> Enum.sum(1..1_000_000) end)\nIO.puts("waiting")\nresult = Task.await(worker)\nIO.puts(result)\n' },
      errors: [{ messageId: 'taskNext', line: 2, file: 'lib/fib.exs', message: '(top level)' }],
    },
    {
      name: 'a script spawning a function of a module in its own file, then asking it once',
      files: {
        'echo.ex': `defmodule Echo do
  def answer do
    receive do
      {from, text} -> send(from, {:ok, String.upcase(text)})
    end
  end
end

pid = spawn(Echo, :answer, [])
send(pid, {self(), "hi"})
receive do
  {:ok, text} -> IO.puts(text)
end
`,
      },
      errors: [{ messageId: 'spawnReceive', line: 9, file: 'echo.ex' }],
    },
  ],
});
