// OTP021's start-function shape in applications and libraries, and in loose files no mix project holds; workers owned
// by the servers that start them.
import rule from '../../../src/analysis/rules/otp021-unsupervised-process';
import { runRuleTests } from '../../helpers/rule-tester';

/** A GenServer whose public start/0 links its process to the caller, unnamed (a talk's first GenServer). */
const basic = (start = 'start') => `defmodule Basic do
  use GenServer

  def ${start} do
    GenServer.start_link(__MODULE__, [])
  end

  def add(pid, n), do: GenServer.call(pid, {:add, n})
  def init(s), do: {:ok, s}
  def handle_call({:add, n}, _from, s), do: {:reply, :ok, [n | s]}
end
`;

const mix = (extra = '') => `defmodule Basic.MixProject do
  use Mix.Project

  def project do
    [
      app: :basic,
      version: "0.1.0",${extra}
      deps: []
    ]
  end
end
`;
const library = mix('\n      package: [licenses: ["MIT"], links: %{}],');

/** A GenServer that starts a Basic for itself in init: the link ties Basic to this server. */
const owner = `defmodule Owner do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def init(_) do
    {:ok, basic} = Basic.start()
    {:ok, basic}
  end
end
`;

/**
 * A download worker whose public start function links it to whoever calls it, and hands it back. Named `start` so
 * that every caller's clause is read (registry.ts watches calls of `X.start`).
 */
const downloader = `defmodule Downloader do
  use GenServer

  def start(url, fun) do
    GenServer.start_link(__MODULE__, {url, fun})
  end

  def init({url, fun}), do: {:ok, %{url: url, fun: fun}}
end
`;

/** A server that starts a download from a private helper of its handle_info and keeps the pid in its state. */
const archiveManager = `defmodule ArchiveManager do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def init(_), do: {:ok, %{download: nil}}

  def handle_info({:archive, url}, state), do: {:noreply, fetch(url, state)}

  defp fetch(url, state) do
    me = self()
    {:ok, download} = Downloader.start(url, fn msg -> send(me, {:download, msg}) end)
    %{state | download: download}
  end
end
`;

/** A project behaviour whose `__using__` makes every strategy a GenServer that calls the strategy's start/1 from init. */
const updater = `defmodule Updater do
  @callback start(map()) :: {:ok, map()}

  defmacro __using__(_opts) do
    quote do
      use GenServer
      @behaviour Updater
      def init(state), do: start(state)
    end
  end
end
`;

const streaming = `defmodule StreamingUpdater do
  use Updater

  def start(state) do
    {:ok, pid} = Downloader.start(state.url, state.fun)
    {:ok, Map.put(state, :download, pid)}
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a worker whose every caller is a server: a private helper of handle_info, or a strategy made a GenServer by a project __using__',
      files: { 'mix.exs': mix(), 'lib/downloader.ex': downloader, 'lib/archive_manager.ex': archiveManager, 'lib/updater.ex': updater, 'lib/streaming_updater.ex': streaming },
    },
    { name: 'a library (hex package metadata) hands its start function to its users', files: { 'mix.exs': library, 'lib/basic.ex': basic() } },
    {
      name: 'an application whose supervision tree starts the module',
      files: {
        'mix.exs': mix(),
        'lib/basic.ex': basic(),
        'lib/basic/application.ex': 'defmodule Basic.Application do\n  use Application\n  def start(_, _), do: Supervisor.start_link([Basic], strategy: :one_for_one)\nend\n',
      },
    },
    { name: 'an application whose start function a server calls from init: the server owns the link', files: { 'mix.exs': mix(), 'lib/basic.ex': basic(), 'lib/owner.ex': owner } },
    {
      name: 'a constructor not named start returning a linked Agent: a value its caller keeps',
      files: {
        'mix.exs': mix(),
        'lib/memo.ex': 'defmodule Memo do\n  def initial(n) do\n    {:ok, pid} = Agent.start_link(fn -> n end)\n    pid\n  end\n  def get(pid), do: Agent.get(pid, & &1)\nend\n',
      },
    },
    {
      name: 'a loose file beside a mix project: a fire-and-forget Task is the lesson, not application code',
      files: {
        'workers/mix.exs': mix(),
        'workers/lib/workers.ex': 'defmodule Workers do\n  def hi, do: :hi\nend\n',
        'code/mail.ex': 'defmodule Mail do\n  def send_later(to) do\n    Task.start(fn -> IO.puts(to) end)\n    :ok\n  end\nend\n',
      },
    },
    { name: 'a file of a mix project outside what it compiles', files: { 'mix.exs': mix(), 'notes/basic.ex': basic() } },
  ],
  invalid: [
    {
      name: 'the same worker also started from plain code, which holds the link for nothing',
      files: {
        'mix.exs': library,
        'lib/downloader.ex': downloader,
        'lib/archive_manager.ex': archiveManager,
        'lib/fetch.ex': 'defmodule Fetch do\n  def now(url) do\n    {:ok, _} = Downloader.start(url, &IO.inspect/1)\n    :ok\n  end\nend\n',
      },
      errors: [{ messageId: 'startFunction', file: 'lib/downloader.ex', line: 5, message: 'start/2' }],
    },
    {
      name: "an application's start/0 linking its process to whoever runs it",
      files: { 'mix.exs': mix(), 'lib/basic.ex': basic() },
      errors: [{ messageId: 'byHand', line: 5, column: 5, message: 'linked only to whoever runs start/0 (an IEx shell' }],
    },
    {
      name: 'a loose file beside a mix project, loaded by hand into iex',
      files: { 'code/workers/mix.exs': mix(), 'code/workers/lib/workers.ex': 'defmodule Workers do\n  def hi, do: :hi\nend\n', 'code/genserver/basic.ex': basic() },
      errors: [{ messageId: 'byHand', file: 'code/genserver/basic.ex', line: 5 }],
    },
    { name: 'a repository with no mix.exs: its files are run by hand', files: { 'demo/basic.ex': basic('start_server') }, errors: [{ messageId: 'byHand', line: 5, message: 'start_server/0' }] },
    {
      name: 'an unlinked start with its caller\'s options, in an application',
      files: {
        'mix.exs': mix(),
        'lib/board.ex': 'defmodule Board do\n  use GenServer\n  def start(opts), do: GenServer.start(__MODULE__, opts, opts)\n  def init(o), do: {:ok, o}\nend\n',
      },
      errors: [{ messageId: 'byHand', line: 3, message: 'unlinked, for whoever runs start/1' }],
    },
  ],
});
