import rule from '../../../src/analysis/rules/otp002-trivial-state-genserver';
import { runRuleTests } from '../../helpers/rule-tester';

const counter = `defmodule Counter do
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
end
`;

const concurrentIncrements = `defmodule CounterTest do
  use ExUnit.Case

  test "increments from many processes" do
    start_supervised!({Counter, 0})
    1..50 |> Task.async_stream(fn _ -> Counter.increment() end) |> Stream.run()
    assert Counter.value() == 50
  end
end
`;

// A demo counter with a handle_info that logs the count on :hello, which only someone typing in iex would send.
const surfer = `defmodule Surfer do
  use GenServer
  require Logger
  def start_link(_), do: GenServer.start_link(__MODULE__, 0)
  def inc(pid), do: GenServer.cast(pid, :inc)
  def get(pid), do: GenServer.call(pid, :get)
  def init(n), do: {:ok, n}
  def handle_cast(:inc, n), do: {:noreply, n + 1}
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_info(:hello, n) do
    log(:hello, n)
    {:noreply, n}
  end
  defp log(:hello, n), do: Logger.debug("count is #{n}")
end
`;

runRuleTests(rule, {
  valid: [
    { name: 'justified by a test incrementing from many processes', files: { 'lib/counter.ex': counter, 'test/counter_test.exs': concurrentIncrements } },
    {
      name: 'a timer in a callback return',
      code: `defmodule Idle do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n, 5_000}
end
`,
    },
    {
      name: 'handle_info for a message the project sends makes it more than state',
      code: `defmodule Ticks do
  use GenServer
  def init(n) do
    :timer.send_interval(1_000, :tick)
    {:ok, n}
  end
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_info(:tick, n), do: {:noreply, n + 1}
end
`,
    },
    {
      name: 'a tick re-armed by its handler and first sent from init',
      code: `defmodule Beat do
  use GenServer
  def init(n) do
    send(self(), :beat)
    {:ok, n}
  end
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_info(:beat, n) do
    Process.send_after(self(), :beat, 1_000)
    {:noreply, n + 1}
  end
end
`,
    },
    {
      name: 'justified by a test sending the message',
      files: {
        'lib/surfer.ex': surfer,
        'test/surfer_test.exs': 'defmodule SurferTest do\n  use ExUnit.Case\n  test "says hello" do\n    {:ok, pid} = Surfer.start_link(nil)\n    send(pid, :hello)\n    assert Surfer.get(pid) == 0\n  end\nend\n',
      },
    },
    {
      name: 'callbacks with side effects',
      code: `defmodule Store do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call({:put, v}, _from, _s) do
    File.write!("store", v)
    {:reply, :ok, v}
  end
end
`,
    },
    {
      name: 'init loading from elsewhere',
      code: `defmodule Loaded do
  use GenServer
  def init(_), do: {:ok, Repo.all(Item)}
  def handle_call(:all, _from, s), do: {:reply, s, s}
end
`,
    },
    {
      name: 'stateless GenServers are left to OTP001',
      code: `defmodule Calc do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call({:add, a, b}, _from, s), do: {:reply, a + b, s}
end
`,
    },
  ],
  invalid: [
    { name: 'a counter', code: counter, errors: [{ messageId: 'trivial', line: 2, column: 3, severity: 'warning' }] },
    { name: 'a handle_info for an atom nothing in the project sends', code: surfer, errors: [{ messageId: 'trivial', line: 2 }] },
    { name: 'information in REFACTOR', code: counter, phase: 'refactor', errors: [{ messageId: 'trivial', severity: 'information' }] },
    {
      name: 'a map of settings replaced and read',
      code: `defmodule Prefs do
  use GenServer
  def init(_), do: {:ok, %{}}
  def handle_call({:get, k}, _from, prefs), do: {:reply, Map.get(prefs, k), prefs}
  def handle_cast({:put, k, v}, prefs), do: {:noreply, Map.put(prefs, k, v)}
end
`,
      errors: [{ messageId: 'trivial', line: 2 }],
    },
    {
      name: 'a map rebound under the head\'s name before it is returned (the name no longer holds the given state)',
      code: `defmodule Store do
  use GenServer
  def init(_), do: {:ok, %{}}
  def handle_call({:get, k}, _from, state), do: {:reply, Map.get(state, k), state}
  def handle_cast({:put, k, v}, state) do
    state = Map.put(state, k, v)
    {:noreply, state}
  end
end
`,
      errors: [{ messageId: 'trivial', line: 2 }],
    },
    {
      name: 'a test that only reads the value does not justify it',
      files: {
        'lib/counter.ex': counter,
        'test/counter_test.exs': 'defmodule CounterTest do\n  use ExUnit.Case\n  test "starts at 0" do\n    start_supervised!({Counter, 0})\n    assert Counter.value() == 0\n  end\nend\n',
      },
      errors: [{ messageId: 'trivial', message: 'do not verify' }],
    },
  ],
});

// Pure updates written through closures and the module's own helpers (the shapes learners write).
const bank = (update: string, helpers = '') => `defmodule Bank do
  use GenServer

  def start_link(balance), do: GenServer.start_link(__MODULE__, balance, name: __MODULE__)
  def deposit(amount), do: GenServer.cast(__MODULE__, {:deposit, amount})
  def balance, do: GenServer.call(__MODULE__, :balance)

  def init(balance), do: {:ok, %{balance: balance}}
  def handle_cast({:deposit, amount}, state), do: {:noreply, ${update}}
  def handle_call(:balance, _from, state), do: {:reply, state.balance, state}
${helpers}end
`;

runRuleTests(rule, {
  valid: [
    { name: 'a helper that writes a file is not pure', code: bank('add(state, amount)', '  defp add(state, amount) do\n    File.write!("log", "+")\n    %{state | balance: state.balance + amount}\n  end\n') },
    {
      name: 'justified by concurrent callers, not by a second start_link asserted to fail',
      files: {
        'lib/bank.ex': bank('Map.update!(state, :balance, &(&1 + amount))'),
        'test/bank_test.exs': `defmodule BankTest do
  use ExUnit.Case
  test "deposits from many processes" do
    start_supervised!({Bank, 0})
    for _ <- 1..10, do: Task.async(fn -> Bank.deposit(1) end)
    assert Bank.balance() == 10
  end
end
`,
      },
    },
  ],
  invalid: [
    { name: 'Map.update! with a capture', code: bank('Map.update!(state, :balance, &(&1 + amount))'), errors: [{ messageId: 'trivial', line: 2 }] },
    { name: 'through a private helper', code: bank('add(state, amount)', '  defp add(state, amount), do: %{state | balance: state.balance + amount}\n'), errors: [{ messageId: 'trivial', line: 2 }] },
    {
      name: 'a test that only checks the name clash does not justify it',
      files: {
        'lib/bank.ex': bank('%{state | balance: state.balance + amount}'),
        'test/bank_test.exs': `defmodule BankTest do
  use ExUnit.Case
  test "only one bank" do
    {:ok, _} = Bank.start_link(0)
    assert {:error, {:already_started, _}} = Bank.start_link(0)
  end
end
`,
      },
      errors: [{ messageId: 'trivial', line: 2, file: 'lib/bank.ex' }],
    },
  ],
});

// Shapes from learner projects: the reply tuple built by a helper, a catch-all handle_info that logs stray
// messages, a `close` that stops the server, and a few bindings before the reply.
const shelf = (order: string, extra = '') => `defmodule Shelf do
  use GenServer

  def start_link, do: GenServer.start_link(__MODULE__, [])
  def take(pid, name), do: GenServer.call(pid, {:take, name})
  def give_back(pid, item), do: GenServer.cast(pid, {:give_back, item})

  def init([]), do: {:ok, []}

  def handle_call({:take, name}, _from, items) do
${order}
  end

  def handle_cast({:give_back, item}, items), do: {:noreply, [item | items]}
${extra}end
`;
const pick = '    pick(name, items)';
const pickHelper = (reply: string) => `
  defp pick(name, []), do: {:reply, %{name: name}, []}
  defp pick(_name, [first | rest]), do: ${reply}
`;

runRuleTests(rule, {
  valid: [
    { name: 'a helper whose reply carries a timeout', code: shelf(pick, pickHelper('{:reply, first, rest, 1_000}')) },
    {
      name: 'a catch-all handle_info that forwards the message does something',
      code: shelf('    {:reply, hd(items), tl(items)}', '\n  def handle_info(msg, items) do\n    send(Shelf.Log, msg)\n    {:noreply, items}\n  end\n'),
    },
  ],
  invalid: [
    { name: 'the reply tuple built by a private helper', code: shelf(pick, pickHelper('{:reply, first, rest}')), errors: [{ messageId: 'trivial', line: 2 }] },
    {
      name: 'a reply helper that also prints: console output is no effect a process is needed for',
      code: shelf(pick, '\n  defp pick(name, []), do: {:reply, %{name: name}, []}\n  defp pick(name, [first | rest]) do\n    IO.puts(name)\n    {:reply, first, rest}\n  end\n'),
      errors: [{ messageId: 'trivial', line: 2 }],
    },
    {
      name: 'a catch-all handle_info that only logs stray messages',
      code: shelf('    {:reply, hd(items), tl(items)}', '\n  def handle_info(msg, items) do\n    IO.puts("unexpected: #{inspect(msg)}")\n    {:noreply, items}\n  end\n'),
      errors: [{ messageId: 'trivial', line: 2 }],
    },
    {
      name: 'a close that stops the server on request',
      code: shelf('    {:reply, hd(items), tl(items)}', '\n  def handle_call(:close, _from, items), do: {:stop, :normal, :ok, items}\n'),
      errors: [{ messageId: 'trivial', line: 2 }],
    },
    {
      name: 'bindings before the reply',
      code: shelf('    [first | rest] = items\n    picked = %{first | name: name}\n    {:reply, picked, rest}'),
      errors: [{ messageId: 'trivial', line: 2 }],
    },
  ],
});

// A server that keeps a handler module in its state (chosen in init, a double swapped in by tests) and ends each
// callback in a local helper that builds the reply tuple.
const lampServer = `defmodule Lamp.Server do
  use GenServer

  def start_link(opts \\\\ []), do: GenServer.start_link(__MODULE__, opts, name: __MODULE__)
  def toggle, do: GenServer.call(__MODULE__, :toggle)
  def dim(step), do: GenServer.call(__MODULE__, {:dim, step})

  def init(opts) do
    impl = Keyword.get(opts, :impl, Lamp.Logic)
    {:ok, {impl, impl.new()}}
  end

  def handle_call(:toggle, _from, {impl, lamp} = state) do
    lamp
    |> impl.toggle()
    |> answer(state)
  end

  def handle_call({:dim, step}, _from, {impl, lamp} = state) do
    lamp
    |> impl.dim(step)
    |> answer(state)
  end

  defp answer(lamp, {impl, _old}), do: {:reply, lamp, {impl, lamp}}
end
`;

const lampLogic = (toggle: string) => `defmodule Lamp.Logic do
  defstruct on: false, level: 10
  def new, do: %__MODULE__{}
  def toggle(lamp) do
    ${toggle}
  end
  def dim(lamp, step), do: %{lamp | level: max(lamp.level - step, 0)}
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'the handler module held in the state writes to a device',
      files: { 'lib/lamp/server.ex': lampServer, 'lib/lamp/logic.ex': lampLogic('File.write!("/sys/lamp", "toggle")\n    %{lamp | on: not lamp.on}') },
    },
    {
      name: 'product code starts it with another handler, which the tool cannot read',
      files: {
        'lib/lamp/server.ex': lampServer,
        'lib/lamp/logic.ex': lampLogic('%{lamp | on: not lamp.on}'),
        'lib/lamp/application.ex': `defmodule Lamp.Boot do
  def run, do: Lamp.Server.start_link(impl: Lamp.Relay)
end
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a pure handler module held in the state, replies built by a local helper',
      files: { 'lib/lamp/server.ex': lampServer, 'lib/lamp/logic.ex': lampLogic('%{lamp | on: not lamp.on}') },
      errors: [{ messageId: 'trivial', line: 2 }],
    },
  ],
});

// A tally of lookups: the lookup itself acts outside the process (the network) but takes only the message's
// city, and the tally is updated by a pure helper imported from another module of the project.
const tally = (lookup: string, extra = '') => `defmodule Weather.Tally do
  use GenServer
  import Weather.Counts, only: [bump: 2]

  def start_link(_), do: GenServer.start_link(__MODULE__, %{}, name: __MODULE__)
  def forecast(city), do: GenServer.call(__MODULE__, {:forecast, city})
  def counts, do: GenServer.call(__MODULE__, :counts)
  def reset, do: GenServer.call(__MODULE__, :reset)

  def init(counts), do: {:ok, counts}

  def handle_call({:forecast, city}, _from, counts) do
${lookup}
    {:reply, forecast, bump(counts, city)}
  end

  def handle_call(:counts, _from, counts), do: {:reply, counts, counts}
${extra}end
`;
const counts = (bump: string) => ({
  'lib/weather/counts.ex': `defmodule Weather.Counts do
  def bump(counts, city) do
    ${bump}
  end
end
`,
});

runRuleTests(rule, {
  valid: [
    {
      name: 'the lookup is sent the state',
      files: { 'lib/weather/tally.ex': tally('    forecast = HTTPoison.get!("https://weather.test/" <> city, [], params: counts)'), ...counts('Map.update(counts, city, 1, &(&1 + 1))') },
    },
    {
      name: 'the lookup goes through another process',
      files: { 'lib/weather/tally.ex': tally('    forecast = GenServer.call(Weather.Cache, {:get, city})'), ...counts('Map.update(counts, city, 1, &(&1 + 1))') },
    },
    {
      name: 'the imported helper writes the tally to a file',
      files: {
        'lib/weather/tally.ex': tally('    forecast = HTTPoison.get!("https://weather.test/" <> city)'),
        ...counts('File.write!("counts", city)\n    Map.update(counts, city, 1, &(&1 + 1))'),
      },
    },
  ],
  invalid: [
    {
      name: 'a lookup that takes only the message, a tally updated by an imported pure helper',
      files: { 'lib/weather/tally.ex': tally('    forecast = HTTPoison.get!("https://weather.test/" <> city)'), ...counts('Map.update(counts, city, 1, &(&1 + 1))') },
      errors: [{ messageId: 'trivial', line: 2, file: 'lib/weather/tally.ex' }],
    },
    {
      name: 'a reset whose reply tuple misses the state',
      files: {
        'lib/weather/tally.ex': tally('    forecast = HTTPoison.get!("https://weather.test/" <> city)', '  def handle_call(:reset, _from, _counts), do: {:reply, :ok}\n'),
        ...counts('Map.update(counts, city, 1, &(&1 + 1))'),
      },
      errors: [{ messageId: 'trivial', line: 2, file: 'lib/weather/tally.ex' }],
    },
  ],
});

// An output server: flags in its state decide what each write prints. Printing there is work the state chooses,
// which a caller holding no state could not do; printing a request's own text beside a plain update is not.
const console = (write: string) => `defmodule Console do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, :ok, name: __MODULE__)
  def quiet(on?), do: GenServer.call(__MODULE__, {:quiet, on?})
  def write(text), do: GenServer.call(__MODULE__, {:write, text})

  def init(:ok), do: {:ok, %{quiet: false}}

  def handle_call({:quiet, on?}, _from, state), do: {:reply, :ok, Map.put(state, :quiet, on?)}
${write}end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a clause picked by a value in the state pattern prints',
      code: console(`  def handle_call({:write, _text}, _from, %{quiet: true} = state), do: {:reply, :ok, state}

  def handle_call({:write, text}, _from, %{quiet: false} = state) do
    IO.puts(text)
    {:reply, :ok, state}
  end
`),
    },
    {
      name: 'a print under a case on the state',
      code: console(`  def handle_call({:write, text}, _from, state) do
    case state.quiet do
      true -> :ok
      false -> IO.puts(text)
    end

    {:reply, :ok, state}
  end
`),
    },
  ],
  invalid: [
    {
      name: 'a print of the request alone, the state destructured but not deciding',
      code: console(`  def handle_call({:write, text}, _from, %{quiet: _} = state) do
    IO.puts(text)
    {:reply, :ok, state}
  end
`),
      errors: [{ messageId: 'trivial', line: 2 }],
    },
  ],
});

// One process per key chosen at run time (a chat room per id), started under a DynamicSupervisor.
const room = `defmodule Chat.Room do
  use GenServer
  def start_link(id), do: GenServer.start_link(__MODULE__, id, name: {:via, Registry, {Chat.Rooms, id}})
  def post(id, text), do: GenServer.call({:via, Registry, {Chat.Rooms, id}}, {:post, text})
  def init(id), do: {:ok, %{id: id, messages: []}}
  def handle_call({:post, text}, _from, state), do: {:reply, :ok, %{state | messages: [text | state.messages]}}
end
`;
const opener = (spec: string) => `defmodule Chat do
  def open(id), do: DynamicSupervisor.start_child(Chat.RoomSupervisor, ${spec})
end
`;

runRuleTests(rule, {
  valid: [{ name: 'one process per room id, started on demand', files: { 'lib/chat/room.ex': room, 'lib/chat.ex': opener('{Chat.Room, id}') } }],
  invalid: [
    {
      name: 'a single constant child under the DynamicSupervisor is still one value',
      files: { 'lib/chat/room.ex': room, 'lib/chat.ex': opener('{Chat.Room, :lobby}') },
      errors: [{ messageId: 'trivial', line: 2, file: 'lib/chat/room.ex' }],
    },
  ],
});

// A queue that callers fill while another process of the project (a solver, on a timer) lists and updates it in
// its own handle_info: the value is shared between processes. A stash that another server reads in init and
// writes as it changes only keeps that server's value across restarts, and one lookup alone is a value to pass.
const queue = `defmodule Queue do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)
  def add(item), do: GenServer.cast(__MODULE__, {:add, item})
  def update(item), do: GenServer.cast(__MODULE__, {:update, item})
  def list, do: GenServer.call(__MODULE__, :list)

  def init(items), do: {:ok, items}
  def handle_cast({:add, item}, items), do: {:noreply, [item | items]}
  def handle_cast({:update, item}, items), do: {:noreply, [item | Enum.reject(items, &(&1.id == item.id))]}
  def handle_call(:list, _from, items), do: {:reply, items, items}
end
`;

const worker = (handler: string, init = '{:ok, nil}') => `defmodule Solver do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)

  def init(_) do
    Process.send_after(self(), :solve, 1_000)
    ${init}
  end

  def handle_info(:solve, state) do
${handler}
    Process.send_after(self(), :solve, 1_000)
    {:noreply, state}
  end

  defp solve(item), do: %{item | done: true}
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'another process lists and updates it in its message handlers',
      files: { 'lib/queue.ex': queue, 'lib/solver.ex': worker('    Enum.each(Queue.list(), fn item -> Queue.update(solve(item)) end)') },
    },
    {
      name: 'another process asks it and casts to it directly',
      files: { 'lib/queue.ex': queue, 'lib/solver.ex': worker('    items = GenServer.call(Queue, :list)\n    GenServer.cast(Queue, {:update, solve(hd(items))})') },
    },
  ],
  invalid: [
    {
      name: 'a stash read in init and written by the other server only keeps its value',
      files: { 'lib/queue.ex': queue, 'lib/solver.ex': worker('    Queue.add(solve(state))', '{:ok, Queue.list()}') },
      errors: [{ messageId: 'trivial', line: 2, file: 'lib/queue.ex' }],
    },
    {
      name: 'one lookup from another process is a value it could be passed',
      files: { 'lib/queue.ex': queue, 'lib/solver.ex': worker('    Enum.each(Queue.list(), &IO.inspect/1)') },
      errors: [{ messageId: 'trivial', line: 2, file: 'lib/queue.ex' }],
    },
    {
      name: 'a proxy that forwards its callers\' requests in handle_call adds a hop, not a second user',
      files: {
        'lib/queue.ex': queue,
        'lib/front.ex': `defmodule Front do
  use GenServer
  def init(_), do: {:ok, nil}
  def handle_call(:list, _from, s), do: {:reply, Queue.list(), s}
  def handle_call({:update, item}, _from, s), do: {:reply, Queue.update(item), s}
end
`,
      },
      errors: [{ messageId: 'trivial', line: 2, file: 'lib/queue.ex' }],
    },
    {
      name: 'reads and writes from plain code do not make it shared',
      files: {
        'lib/queue.ex': queue,
        'lib/batch.ex': 'defmodule Batch do\n  def run do\n    Enum.each(Queue.list(), fn item -> Queue.update(item) end)\n  end\nend\n',
      },
      errors: [{ messageId: 'trivial', line: 2, file: 'lib/queue.ex' }],
    },
  ],
});

// Printing or logging what the state holds is console output, not a use of the process.
const printingCounter = (cast: string) => `defmodule Counter do
  use GenServer
  require Logger
  def start_link(n), do: GenServer.start_link(__MODULE__, n, name: __MODULE__)
  def increment, do: GenServer.cast(__MODULE__, :increment)
  def value, do: GenServer.call(__MODULE__, :value)
  def init(n), do: {:ok, n}
${cast}
  def handle_call(:value, _from, count), do: {:reply, count, count}
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a callback that writes what the state holds to a file hands it to the outside world',
      code: printingCounter(`  def handle_cast(:increment, count) do
    File.write!("count.txt", Integer.to_string(count + 1))
    {:noreply, count + 1}
  end`),
    },
  ],
  invalid: [
    {
      name: 'a memo kept with the early Elixir Dict module, as pure as Map',
      code: `defmodule Memo do
  use GenServer
  def start_link, do: GenServer.start_link(__MODULE__, :ok, name: __MODULE__)
  def get(n), do: GenServer.call(__MODULE__, {:get, n})
  def init(:ok), do: {:ok, HashDict.new()}
  def handle_call({:get, n}, _from, memo) do
    fb = Dict.get(memo, n, rem(n, 15))
    {:reply, fb, Dict.put(memo, n, fb)}
  end
end
`,
      errors: [{ messageId: 'trivial', line: 2 }],
    },
    {
      name: 'a callback printing the new count',
      code: printingCounter(`  def handle_cast(:increment, count) do
    new_count = count + 1
    IO.puts("Count is now #{new_count}")
    {:noreply, new_count}
  end`),
      errors: [{ messageId: 'trivial', line: 2 }],
    },
    {
      name: 'a callback logging the state through a private helper that only prints',
      code: printingCounter(`  def handle_cast(:increment, count) do
    show(count)
    Logger.debug("incremented #{count}")
    {:noreply, count + 1}
  end
  defp show(count), do: IO.inspect(count, label: "count")`),
      errors: [{ messageId: 'trivial', line: 2 }],
    },
  ],
});

// A timer or timeout whose handler only prints or re-arms itself and keeps the state drives no work (idle-ticks.ts).
const stackWith = (init: string, info: string) => `defmodule Stack do
  use GenServer
  def start_link, do: GenServer.start_link(__MODULE__, [], name: __MODULE__)
${init}
${info}
  def handle_call(:pop, _from, [h | t]), do: {:reply, h, t}
  def handle_cast({:push, item}, state), do: {:noreply, [item | state]}
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a tick that resets the state is work',
      code: stackWith('  def init(_) do\n    :timer.send_interval(5000, :cleanup)\n    {:ok, []}\n  end', '  def handle_info(:cleanup, _state), do: {:noreply, []}'),
    },
    {
      name: 'a ranch connection handler owns the socket it accepts, even with an idle timeout',
      code: stackWith(
        '  def init([ref, socket, transport]) do\n    :ok = :ranch.accept_ack(ref)\n    :ok = transport.setopts(socket, active: :once)\n    {:ok, [], 1000}\n  end',
        '  def handle_info(:timeout, state), do: {:noreply, state, 1000}',
      ),
    },
    {
      name: 'a timeout whose handler sends the state out is work',
      code: stackWith('  def init([]), do: {:ok, [], 1000}', '  def handle_info(:timeout, state) do\n    send(:logger_sink, {:stack, state})\n    {:noreply, state, 1000}\n  end'),
    },
  ],
  invalid: [
    {
      name: 'the docs\' idle timeout re-armed by a handler that does nothing',
      code: stackWith('  def init([]), do: {:ok, [], 1000}', '  def handle_info(:timeout, state), do: {:noreply, state, 1000}'),
      errors: [{ messageId: 'trivial', line: 2 }],
    },
    {
      name: 'an interval timer whose handler only prints',
      code: stackWith(
        '  def init(_) do\n    :timer.send_interval(5000, :cleanup)\n    {:ok, []}\n  end',
        '  def handle_info(:cleanup, state) do\n    IO.puts("performing cleanup")\n    {:noreply, state}\n  end',
      ),
      errors: [{ messageId: 'trivial', line: 2 }],
    },
    {
      name: 'a tick re-armed with Process.send_after that only logs',
      code: stackWith(
        '  def init(_) do\n    Process.send_after(self(), :tick, 1000)\n    {:ok, []}\n  end',
        '  def handle_info(:tick, state) do\n    IO.puts("tick")\n    Process.send_after(self(), :tick, 1000)\n    {:noreply, state}\n  end',
      ),
      errors: [{ messageId: 'trivial', line: 2 }],
    },
  ],
});
