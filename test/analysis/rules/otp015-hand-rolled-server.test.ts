import rule from '../../../src/analysis/rules/otp015-hand-rolled-server';
import { runRuleTests } from '../../helpers/rule-tester';

const counter = `defmodule Counter do
  def start(n), do: spawn(fn -> loop(n) end)

  defp loop(n) do
    receive do
      {:inc, by} -> loop(n + by)
      {:get, from} ->
        send(from, {:count, n})
        loop(n)
    end
  end
end
`;

// A name server registered with :global for other nodes to find.
const registrar = `defmodule Registrar do
  def start do
    pid = spawn(__MODULE__, :serve, [%{}])
    :global.register_name(:registrar, pid)
  end
  def serve(names) do
    receive do
      {:lookup, name, from} ->
        send(from, Map.get(names, name))
        serve(names)
    end
  end
end
`;

// A counter whose receive waits 2 s before `timeout` runs (the last line of the after branch).
const idler = (timeout: string) => `defmodule Idler do
  def start, do: spawn(__MODULE__, :loop, [0, 0])
  def loop(counter, idle) do
    receive do
      {:next, from} ->
        send(from, counter)
        loop(counter + 1, idle)
    after
      2000 ->
        IO.puts("waiting")
        ${timeout}
    end
  end
end
`;

// A loop that prints what it collects; `entry` is how the module itself reaches it.
const inbox = (entry: string) => `defmodule Inbox do
  ${entry}

  def collect(messages) do
    receive do
      msg ->
        [msg | messages]
        |> IO.inspect()
        |> collect()
    end
  end
end
`;

// A loop that only prints greetings; `main` is how the module starts it and talks to it (four lines).
const greeter = (main: string) => `defmodule Greeter do
  def main do
    ${main}
  end
  def greet do
    receive do
      {:english, name} -> IO.puts("Hello #{name}")
      {_, name} -> IO.puts("Hi #{name}")
    end
    greet()
  end
end
`;

// A printing loop its starter spawns and then passes on by `keep` (a subscription, a stored pid).
const listener = (keep: string) => `defmodule Listener do
  def start do
    pid = spawn(__MODULE__, :listen, [])
    ${keep}
  end
  def listen do
    receive do
      {:tick} ->
        IO.puts("tock")
        listen()
    end
  end
end
`;

// A printing loop that stops itself on `{:shutdown}`; `start` is how `main` starts it and what it does after.
const talker = (start: string) => `defmodule Talker do
  def main do
    ${start}
  end
  def loop do
    receive do
      {:greet, name} -> IO.puts("Hello #{name}")
      {:shutdown} -> exit(:normal)
    end
    loop()
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a process spawned for one message that it answers (a one-shot worker, OTP007\'s shape when awaited)',
      code: `defmodule Greeter do
  def start, do: spawn(Greeter, :greet, [])
  def greet do
    receive do
      {sender, msg} ->
        IO.puts("greeting")
        send(sender, {:ok, "Hello, " <> msg})
    end
  end
end
`,
    },
    {
      name: 'a process spawned for one message that it writes to a file',
      code: `defmodule Saver do
  def start, do: spawn(Saver, :save, [])
  def save do
    receive do
      {:save, text} ->
        IO.puts("saving")
        File.write!("out.txt", text)
    end
  end
end
`,
    },
    {
      name: 'a caller waiting for one reply with a bounded receive ... after: a single receive, no loop',
      code: `defmodule Pinger do
  def ping(pid) do
    send(pid, {:ping, self()})
    receive do
      {:pong, ^pid} -> :ok
    after
      5000 -> :timeout
    end
  end
end
`,
    },
    {
      name: 'a wait loop its module calls and carries on after: it waits in the caller\'s process until the app is ready',
      code: `defmodule Deploy.Gate do
  def await_ready(app) do
    Phoenix.PubSub.subscribe(Deploy.PubSub, app.slug)
    wait_loop(app)
    Phoenix.PubSub.unsubscribe(Deploy.PubSub, app.slug)
  end

  defp wait_loop(app) do
    unless app.ready? do
      receive do
        {:app_updated, app} ->
          IO.inspect(app.status)
          wait_loop(app)
      end
    end
  end
end
`,
    },
    {
      name: 'a printing loop its module enters and then reports on: the caller carries on after it',
      code: inbox('def run, do: IO.puts("done: #{length(collect([]))}")'),
    },
    {
      name: 'a ticker driven by time',
      code: `defmodule Ticker do
  def start(clients), do: spawn(__MODULE__, :tick, [clients])
  def tick(clients) do
    receive do
      {:register, pid} -> tick([pid | clients])
    after
      1000 ->
        Enum.each(clients, &send(&1, :tick))
        tick(clients)
    end
  end
end
`,
    },
    {
      name: 'a sink that only consumes',
      code: `defmodule Sink do
  def start, do: spawn(fn -> drain() end)
  defp drain do
    receive do
      _ -> drain()
    end
  end
end
`,
    },
    {
      name: 'registered for other nodes to find, in a project that depends on libcluster',
      files: { 'lib/registrar.ex': registrar, 'mix.exs': 'defmodule Names.MixProject do\n  defp deps, do: [{:libcluster, "~> 3.3"}]\nend\n' },
    },
    {
      name: 'a name server registered with :global that passes each newcomer to the last one in (a ring)',
      code: `defmodule Ring do
  def start do
    pid = spawn(__MODULE__, :join, [[]])
    :global.register_name(:ring, pid)
  end
  def join(members) do
    receive do
      {:join, pid} ->
        for m <- members, do: send(m, {:joined, pid})
        send(pid, {:members, members})
        join([pid | members])
    end
  end
end
`,
    },
    {
      name: 'a counter whose after branch counts the idle timeouts: work done on time',
      code: idler('loop(counter, idle + 1)'),
    },
    {
      name: 'a one-shot worker, no loop',
      code: `defmodule Once do
  def run(x) do
    spawn(fn -> receive do {:go, from} -> send(from, x * 2) end end)
  end
end
`,
    },
    {
      name: 'a hand-off through a function that monitors its parent: the loop lives for that process',
      code: `defmodule Watcher do
  def start(parent), do: spawn(fn -> watch(parent) end)

  defp watch(parent) do
    ref = Process.monitor(parent)
    serve(ref, %{})
  end

  defp serve(ref, seen) do
    receive do
      {:seen?, key, from} ->
        send(from, Map.has_key?(seen, key))
        serve(ref, seen)
    end
  end
end
`,
    },
    {
      name: 'a hand-off three steps deep is not followed',
      code: `defmodule Deep do
  def start, do: spawn(fn -> one() end)
  defp one, do: two()
  defp two, do: three()
  defp three, do: loop(0)
  defp loop(n) do
    receive do
      {:get, from} ->
        send(from, n)
        loop(n)
    end
  end
end
`,
    },
    {
      name: 'an unstarted loop that passes its argument on unchanged (a worker fed by a scheduler pid)',
      code: `defmodule Squarer do
  def work(boss) do
    send(boss, {:ready, self()})
    receive do
      {:square, n, client} ->
        send(client, n * n)
        work(boss)
    end
  end
end
`,
    },
    {
      name: 'an unstarted loop in a module that starts a special process itself (entered some other way)',
      code: `defmodule Relay do
  def start(n), do: :proc_lib.spawn(fn -> loop(n) end)
  def loop(n) do
    receive do
      {:get, from} ->
        send(from, n)
        loop(n + 1)
    end
  end
end
`,
    },
    {
      name: 'Task.start_link of a loop driven by time: the process exists to tick',
      code: `defmodule Beat do
  def start_link(n), do: Task.start_link(fn -> loop(n) end)
  defp loop(n) do
    receive do
      {:get, from} ->
        send(from, n)
        loop(n)
    after
      1000 -> loop(n + 1)
    end
  end
end
`,
    },
    {
      name: 'an echo loop that announces itself to a coordinator first (a worker fed by a scheduler)',
      code: `defmodule Doubler do
  def work do
    send(:scheduler, {:ready, self()})
    receive do
      {:double, n, client} ->
        send(client, n * 2)
        work()
    end
  end
end
`,
    },
    {
      name: 'a loop that prints the trace messages the runtime sends it',
      code: `defmodule Tracer do
  def trace do
    receive do
      {:trace, pid, :call, mfa} ->
        IO.inspect({pid, mfa})
        trace()
    end
  end
end
`,
    },
    {
      name: 'a printing loop subscribed to a ticker that pushes to it',
      code: listener('Ticker.register(pid)'),
    },
    {
      name: 'a printing loop whose pid is kept in the process dictionary for later code',
      code: listener('Process.put(:listener, pid)'),
    },
    {
      name: 'a printing loop that exits on a stop message, started linked by a caller trapping exits (a lesson on exit reasons)',
      code: talker('Process.flag(:trap_exit, true)\n    pid = spawn_link(__MODULE__, :loop, [])\n    send(pid, {:shutdown})\n    receive do\n      {:EXIT, ^pid, reason} -> reason\n    end'),
    },
    {
      name: 'a printing loop whose pid is printed and also handed to a ticker that pushes to it',
      code: listener('IO.inspect(pid)\n    Ticker.register(pid)'),
    },
    {
      name: 'an unstarted loop that rebinds another variable and passes its argument on unchanged (a worker)',
      code: `defmodule Squarer do
  def work(boss) do
    receive do
      {:square, n, client} ->
        n = n * n
        send(client, n)
        work(boss)
    end
  end
end
`,
    },
    {
      name: 'a loop handing over to another loop that sends (moving on, not answering)',
      code: `defmodule Ring do
  def wait do
    receive do
      {:next, pid} -> relay(pid)
      _ -> wait()
    end
  end
  def relay(next) do
    receive do
      :tick ->
        send(next, :tick)
        relay(next)
    end
  end
end
`,
    },
    {
      name: 'a loop calling a function it was handed (hot code swap)',
      code: `defmodule Swap do
  def loop(fun) do
    receive do
      {:swap, new} -> loop(new)
      msg ->
        fun.(msg)
        loop(fun)
    end
  end
end
`,
    },
    {
      name: 'a loop that prints and reports to a logger process: it does more than print',
      code: `defmodule Reporter do
  def loop do
    receive do
      {:event, e} ->
        IO.puts("event")
        File.write!("events.log", inspect(e), [:append])
        loop()
    end
  end
end
`,
    },
  ],
  invalid: [
    {
      name: 'the guide\'s key-value loop started with Task.start_link: a spawn_link by another name',
      code: `defmodule KV do
  def start_link do
    Task.start_link(fn -> loop(%{}) end)
  end

  defp loop(map) do
    receive do
      {:get, key, caller} ->
        send(caller, Map.get(map, key))
        loop(map)
      {:put, key, value} ->
        loop(Map.put(map, key, value))
    end
  end
end
`,
      errors: [{ messageId: 'server', line: 3, message: 'Task.start_link' }],
    },
    {
      name: 'a counter loop started with Task.start from a public start',
      code: `defmodule Relay do
  def start(n), do: Task.start(fn -> loop(n) end)
  def loop(n) do
    receive do
      {:get, from} ->
        send(from, n)
        loop(n + 1)
    end
  end
end
`,
      errors: [{ messageId: 'server', line: 2, message: 'Task.start' }],
    },
    {
      name: 'an echo loop holding nothing, spawned only from tests and iex',
      files: {
        'lib/ping.ex': `defmodule Ping do
  def start do
    await()
  end

  def await do
    receive do
      {:pong, sender} -> send(sender, {:ping, self()})
    end
    await()
  end
end
`,
        'test/ping_test.exs': 'defmodule PingTest do\n  use ExUnit.Case\n  test "answers" do\n    pid = spawn(&Ping.start/0)\n    send(pid, {:pong, self()})\n    assert_receive {:ping, ^pid}\n  end\nend\n',
      },
      errors: [{ messageId: 'echo', line: 6, file: 'lib/ping.ex', message: 'Ping.await/0' }],
    },
    {
      name: 'an echo loop written without parentheses, as old Elixir allowed',
      code: `defmodule Pinger do
  def await do
    receive do
      {:pong, sender} -> send sender, {:ping, self()}
    end
    await
  end
end
`,
      errors: [{ messageId: 'echo', line: 2, message: 'Pinger.await/0' }],
    },
    {
      name: 'a loop whose answer is sent by a helper that does not loop again',
      code: `defmodule Rally do
  def loop(hits) do
    receive do
      {:ball, from} ->
        pass_ball(from)
        loop(hits + 1)
      :stop -> :ok
    end
  end

  def pass_ball(from) do
    :timer.sleep(10)
    send(from, {:ball, self()})
  end
end
`,
      errors: [{ messageId: 'unstarted', line: 2, message: 'Rally.loop/1' }],
    },
    {
      name: 'a loop that only prints what it is sent, started by another module',
      files: {
        'lib/printer.ex': `defmodule Printer do
  def accept do
    receive do
      {:message, n} ->
        IO.puts("received: #{n}")
        accept()
      _ -> accept()
    end
  end
end
`,
        'lib/boot.ex': 'defmodule Boot do\n  def go, do: spawn_link(Printer, :accept, [])\nend\n',
      },
      errors: [{ messageId: 'consumer', line: 2, file: 'lib/printer.ex', message: 'Printer.accept/0', related: ['lib/boot.ex:2'] }],
    },
    {
      name: 'a loop that only prints, with a stop message that exits, spawned unlinked: the exit tells nobody anything',
      code: talker('pid = spawn(__MODULE__, :loop, [])\n    send(pid, {:greet, "Huey"})'),
      errors: [{ messageId: 'consumer', line: 6, message: 'Talker.loop/0' }],
    },
    {
      name: 'the same stopping loop defined again in a second script that links to it: each script is its own program',
      files: {
        'talk.exs': talker('pid = spawn(__MODULE__, :loop, [])\n    send(pid, {:greet, "Huey"})'),
        'talk_linked.exs': talker('Process.flag(:trap_exit, true)\n    pid = spawn_link(__MODULE__, :loop, [])\n    send(pid, {:shutdown})'),
      },
      errors: [{ messageId: 'consumer', line: 6, file: 'talk.exs', message: 'Talker.loop/0' }],
    },
    {
      name: 'a printing loop its module hands the process over to (a tail call), spawned from iex',
      code: inbox('def run, do: collect([])'),
      errors: [{ messageId: 'consumer', line: 4, message: 'Inbox.collect/1' }],
    },
    {
      name: 'a printing loop whose starter only inspects and watches its pid before sending to it',
      code: greeter(`pid = spawn(Greeter, :greet, [])
    Process.monitor(pid)
    IO.inspect(Process.info(pid))
    send(pid, {:english, "Ada"})`),
      errors: [{ messageId: 'consumer', line: 8, message: 'Greeter.greet/0' }],
    },
    {
      name: 'a loop collecting every message into a list nobody reads, printing it',
      code: `defmodule Inbox do
  def collect(messages) do
    IO.inspect(self())
    receive do
      msg ->
        [msg | messages]
        |> IO.inspect()
        |> collect()
    end
  end
end
`,
      errors: [{ messageId: 'consumer', line: 2, message: 'Inbox.collect/1' }],
    },
    {
      name: 'a print-only loop whose pid variable was first bound to another process that was inspected',
      code: greeter(`pid = spawn(fn -> IO.puts("hello") end)
    Process.info(pid)
    pid = spawn(Greeter, :greet, [])
    send(pid, {:english, "Niklas"})`),
      errors: [{ messageId: 'consumer', line: 8, message: 'Greeter.greet/0' }],
    },
    {
      name: 'a process spawned to wait for one message and print it',
      code: `defmodule Dispatcher do
  def start, do: spawn(Dispatcher, :server, [])
  def server do
    receive do
      {:message, text} -> IO.puts("got #{text}")
      {:servers, info} -> IO.puts("server #{info.name}")
    end
  end
end
`,
      errors: [{ messageId: 'printer', line: 2, message: 'server/0' }],
    },
    {
      name: 'a printing loop whose starter prints its pid before sending to it (printing hands it to nobody)',
      code: greeter(`pid = spawn(Greeter, :greet, [])
    IO.inspect(pid)
    send(pid, {:english, "Ada"})`),
      errors: [{ messageId: 'consumer', line: 7, message: 'Greeter.greet/0' }],
    },
    {
      name: 'a loop that rebinds its argument to the updated value under the same name, nothing starts it',
      code: `defmodule Positions do
  def loop(state) do
    receive do
      {:state, caller} ->
        send(caller, state)
        loop(state)
      entry ->
        state = Map.put(state, entry.id, entry)
        loop(state)
    end
  end
end
`,
      errors: [{ messageId: 'unstarted', line: 2, message: 'Positions.loop/1' }],
    },
    {
      name: 'a collecting loop written with a default argument, run again at the shorter arity too',
      code: `defmodule Inbox do
  def collect(messages \\\\ []) do
    receive do
      msg ->
        [msg | messages]
        |> IO.inspect()
        |> collect()
    end
    collect()
  end
end
`,
      errors: [{ messageId: 'consumer', line: 2, message: 'Inbox.collect/1' }],
    },
    {
      name: 'a script spawning the loop of a module in another file',
      files: {
        'lib/tally.ex': 'defmodule Tally do\n  def loop(t) do\n    receive do\n      {:get, from} ->\n        send(from, t)\n        loop(t)\n    end\n  end\nend\n',
        'run.exs': 'pid = spawn(Tally, :loop, [0])\nsend(pid, {:get, self()})\n',
      },
      errors: [{ messageId: 'server', line: 1, file: 'run.exs' }],
    },
    {
      name: 'a loop over a number that nothing starts (spawned by hand from iex)',
      code: `defmodule Tally do
  def count(total) do
    receive do
      {:add, n} -> count(total + n)
      {:total, from} ->
        send(from, total)
        count(total)
    end
  end
end
`,
      errors: [{ messageId: 'unstarted', line: 2, message: 'Tally.count/1' }],
    },
    {
      name: 'a loop whose messages go to a handler that runs the loop again',
      code: `defmodule Queue do
  def start(items), do: spawn(Queue, :serve, [items])
  def serve(items) do
    receive do
      msg -> handle(msg, items)
    end
  end
  def handle({:put, x}, items), do: serve(items ++ [x])
  def handle({:take, from}, [x | rest]) do
    send(from, x)
    serve(rest)
  end
end
`,
      errors: [{ messageId: 'server', line: 2 }],
    },
    {
      name: 'a spawn of a loop defined in another file, whose receive sits in a helper',
      files: {
        'lib/meter.ex': 'defmodule Meter do\n  def start(n), do: spawn(fn -> Meter.Loop.run(n) end)\nend\n',
        'lib/meter/loop.ex': `defmodule Meter.Loop do
  def run(n) do
    n = listen(n)
    run(n)
  end

  defp listen(n) do
    receive do
      :bump -> n + 1
      {:read, from} ->
        send(from, n)
        n
    end
  end
end
`,
      },
      errors: [{ messageId: 'server', line: 2, file: 'lib/meter.ex', message: 'Meter.Loop.run/1', related: ['lib/meter/loop.ex:2'] }],
    },
    {
      name: 'registered locally under a name: still a hand-written global variable',
      code: `defmodule Notes do
  def start do
    pid = spawn(fn -> keep([]) end)
    Process.register(pid, :notes)
    pid
  end
  defp keep(notes) do
    receive do
      {:add, note} -> keep([note | notes])
      {:all, from} ->
        send(from, notes)
        keep(notes)
    end
  end
end
`,
      errors: [{ messageId: 'server', line: 3 }],
    },
    {
      name: 'a spawned setup function that hands the process to its loop',
      code: `defmodule Scores do
  def start(names), do: spawn(fn -> init(names) end)

  defp init(names) do
    table = Map.new(names, &{&1, 0})
    loop(table)
  end

  defp loop(table) do
    receive do
      {:add, name, n} -> loop(Map.update!(table, name, &(&1 + n)))
      {:get, name, from} ->
        send(from, Map.fetch!(table, name))
        loop(table)
    end
  end
end
`,
      errors: [{ messageId: 'server', line: 2, message: 'init/1' }],
    },
    {
      name: 'two hand-offs, the last in a branch, spawned by name',
      code: `defmodule Thermostat do
  def start(mode), do: spawn(__MODULE__, :boot, [mode])

  def boot(mode), do: prepare(mode)

  defp prepare(mode) do
    if mode == :warm, do: run(21), else: run(17)
  end

  defp run(target) do
    receive do
      {:set, t} -> run(t)
      {:target, from} ->
        send(from, target)
        run(target)
    end
  end
end
`,
      errors: [{ messageId: 'server', line: 2, message: 'boot/1' }],
    },
    {
      name: 'a script spawning a module function that hands off to its loop',
      files: {
        'demos/clicks.ex': `defmodule Clicks do
  def go, do: loop(0)

  defp loop(n) do
    receive do
      {:click, from} ->
        send(from, n + 1)
        loop(n + 1)
    end
  end
end

pid = spawn(&Clicks.go/0)
send(pid, {:click, self()})
`,
      },
      errors: [{ messageId: 'server', line: 13, file: 'demos/clicks.ex', message: 'Clicks.go/0' }],
    },
    { name: 'a counter loop with request/reply', code: counter, errors: [{ messageId: 'server', line: 2, column: 21, message: 'loop/1', related: ['lib/example.ex:4'] }] },
    {
      name: 'registered for other nodes to find, in a project that runs one node: the :global name is no reason',
      files: { 'lib/registrar.ex': registrar },
      errors: [{ messageId: 'server', line: 3, related: ['lib/registrar.ex:6'] }],
    },
    {
      name: 'a counter whose after branch only prints and loops unchanged: the timeout changes nothing',
      code: idler('loop(counter, idle)'),
      errors: [{ messageId: 'server', line: 2, related: ['lib/example.ex:3'] }],
    },
    {
      name: 'spawn of a module function by name',
      code: `defmodule Stack do
  def new, do: spawn(__MODULE__, :loop, [[]])
  def loop(items) do
    receive do
      {:push, x} -> loop([x | items])
      {:pop, caller} ->
        [top | rest] = items
        send(caller, top)
        loop(rest)
    end
  end
end
`,
      errors: [{ messageId: 'server', line: 2, message: 'loop/1' }],
    },
    {
      name: 'a script spawning the loop of a module defined above it',
      files: {
        'tally.ex': `defmodule Tally do
  def loop(total) do
    receive do
      {:add, n} -> loop(total + n)
      {:total, from} ->
        send(from, total)
        loop(total)
    end
  end
end

pid = spawn(Tally, :loop, [0])
send(pid, {:add, 2})
`,
      },
      errors: [{ messageId: 'server', line: 12, file: 'tally.ex', message: 'Tally.loop/1', related: ['tally.ex:2'] }],
    },
  ],
});
