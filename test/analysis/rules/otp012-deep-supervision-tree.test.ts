import rule from '../../../src/analysis/rules/otp012-deep-supervision-tree';
import { runRuleTests } from '../../helpers/rule-tester';

const supervisor = (name: string, children: string, opts = 'strategy: :one_for_one') => `defmodule ${name} do
  use Supervisor

  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg) do
    Supervisor.init([${children}], ${opts})
  end
end
`;

const cart = `defmodule Shop.Cart do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)
end
`;

// The stash pattern of the supervisor chapters of books: the top supervisor starts empty (`supervise([], …)`) and
// its start_link adds a stash and a sub-supervisor one by one, through a helper given the supervisor's pid.
const tallyTop = (strategy: string) => `defmodule Tally.Supervisor do
  use Supervisor

  def start_link(count) do
    result = {:ok, sup} = Supervisor.start_link(__MODULE__, count)
    add_workers(sup, count)
    result
  end

  defp add_workers(sup, count) do
    {:ok, stash} = Supervisor.start_child(sup, worker(Tally.Stash, [count]))
    Supervisor.start_child(sup, supervisor(Tally.CounterSupervisor, [stash]))
  end

  def init(_) do
    supervise([], strategy: ${strategy})
  end
end
`;

const tallyLevel = `defmodule Tally.CounterSupervisor do
  use Supervisor

  def start_link(stash), do: Supervisor.start_link(__MODULE__, stash)

  def init(stash) do
    supervise([worker(Tally.Counter, [stash])], strategy: :one_for_one)
  end
end
`;

const tallyWorker = (name: string) => `defmodule ${name} do
  use GenServer
  def start_link(arg), do: GenServer.start_link(__MODULE__, arg)
  def init(arg), do: {:ok, arg}
end
`;

const application = (children: string) => `defmodule Shop.Application do
  use Application

  @impl true
  def start(_type, _args) do
    Supervisor.start_link([${children}], strategy: :one_for_one, name: Shop.Supervisor)
  end
end
`;

const chain = {
  'lib/shop/store_supervisor.ex': supervisor('Shop.StoreSupervisor', 'Shop.CartSupervisor'),
  'lib/shop/cart_supervisor.ex': supervisor('Shop.CartSupervisor', 'Shop.Cart'),
  'lib/shop/cart.ex': cart,
};

const rooms = `defmodule Chat.Rooms do
  def open do
    DynamicSupervisor.start_child(Chat.RoomSupervisor, Chat.Lobby)
  end
end
`;

runRuleTests(rule, {
  valid: [
    { name: 'one single-child supervisor is OTP004\'s case, not a chain', files: { 'lib/shop/cart_supervisor.ex': chain['lib/shop/cart_supervisor.ex'], 'lib/shop/cart.ex': cart } },
    {
      name: 'the Application\'s root is not a level: Application → supervisor → child',
      files: { 'lib/shop/application.ex': application('Shop.CartSupervisor'), 'lib/shop/cart_supervisor.ex': chain['lib/shop/cart_supervisor.ex'], 'lib/shop/cart.ex': cart },
    },
    {
      name: 'the lower supervisor has two children',
      files: {
        'lib/shop/store_supervisor.ex': supervisor('Shop.StoreSupervisor', 'Shop.CartSupervisor'),
        'lib/shop/cart_supervisor.ex': supervisor('Shop.CartSupervisor', 'Shop.Cart, Shop.Stock'),
        'lib/shop/cart.ex': cart,
      },
    },
    {
      name: 'max_restarts: 0 is a lifecycle boundary, not a level of restarts',
      files: {
        ...chain,
        'lib/shop/cart_supervisor.ex': supervisor('Shop.CartSupervisor', 'Shop.Cart', 'strategy: :one_for_one, max_restarts: 0'),
      },
    },
    {
      name: 'justified by a test that kills the child and watches it come back',
      files: {
        ...chain,
        'test/shop/cart_test.exs': `defmodule Shop.CartTest do
  use ExUnit.Case

  test "the cart comes back" do
    pid = Process.whereis(Shop.Cart)
    ref = Process.monitor(pid)
    Process.exit(pid, :kill)
    assert_receive {:DOWN, ^ref, _, _, _}
  end
end
`,
      },
    },
    {
      name: 'a DynamicSupervisor given a spec built from the arguments',
      code: `defmodule Chat.Rooms do
  def open(name), do: DynamicSupervisor.start_child(Chat.RoomSupervisor, {Chat.Room, name})
end
`,
    },
    {
      name: 'a DynamicSupervisor started from two places',
      files: {
        'lib/chat/rooms.ex': rooms,
        'lib/chat/admin.ex': `defmodule Chat.Admin do
  def reopen, do: DynamicSupervisor.start_child(Chat.RoomSupervisor, Chat.Lobby)
end
`,
      },
    },
    {
      name: 'a supervisor passed in as a variable',
      code: `defmodule Pool do
  def add(sup), do: DynamicSupervisor.start_child(sup, Worker)
end
`,
    },
    {
      name: 'justified by a test that starts several children concurrently',
      files: {
        'lib/chat/rooms.ex': rooms,
        'test/chat/rooms_test.exs': `defmodule Chat.RoomsTest do
  use ExUnit.Case

  test "opens rooms side by side" do
    tasks = for _ <- 1..3, do: Task.async(fn -> Chat.Rooms.open() end)
    Enum.each(tasks, &Task.await/1)
  end
end
`,
      },
    },
    {
      name: 'the stash pattern under one_for_all: the sub-supervisor keeps the counter\'s crashes from restarting the stash',
      files: {
        'lib/tally/supervisor.ex': tallyTop(':one_for_all'),
        'lib/tally/counter_supervisor.ex': tallyLevel,
        'lib/tally/stash.ex': tallyWorker('Tally.Stash'),
        'lib/tally/counter.ex': tallyWorker('Tally.Counter'),
      },
    },
    {
      name: 'a root over a :simple_one_for_one supervisor: the lower level is dynamic, its one worker a template',
      files: {
        'lib/chat/supervisor.ex': `defmodule Chat.Supervisor do
  use Supervisor
  def start_link, do: Supervisor.start_link(__MODULE__, :ok, name: __MODULE__)
  def init(:ok), do: supervise([supervisor(Chat.BotSupervisor, [])], strategy: :one_for_one)
end
`,
        'lib/chat/bot_supervisor.ex': `defmodule Chat.BotSupervisor do
  use Supervisor
  def start_link, do: Supervisor.start_link(__MODULE__, [], name: __MODULE__)
  def init(_), do: supervise([worker(Chat.Bot, [], restart: :transient)], strategy: :simple_one_for_one)
end
`,
        'lib/chat/bot.ex': tallyWorker('Chat.Bot'),
      },
    },
    {
      name: 'a DynamicSupervisor whose one start runs late, in another process\'s callback once it has connected',
      files: {
        'lib/agent/enabled_supervisor_manager.ex': `defmodule Agent.EnabledManager do
  use DynamicSupervisor
  def start_link(_), do: DynamicSupervisor.start_link(__MODULE__, :ok, name: __MODULE__)
  def init(:ok), do: DynamicSupervisor.init(strategy: :one_for_one)
  def start_child, do: DynamicSupervisor.start_child(__MODULE__, Agent.Enabled)
end
`,
        'lib/agent/run.ex': `defmodule Agent.Run do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, :ok, name: __MODULE__)
  def init(:ok), do: {:ok, :not_connected, {:continue, :connect}}

  def handle_continue(:connect, _state) do
    Agent.EnabledManager.start_child()
    {:noreply, :connected}
  end
end
`,
      },
    },
  ],
  invalid: [
    {
      name: 'children added later with start_child: a one_for_one supervisor over a single-child supervisor',
      files: {
        'lib/tally/supervisor.ex': tallyTop(':one_for_one'),
        'lib/tally/counter_supervisor.ex': tallyLevel,
        'lib/tally/stash.ex': tallyWorker('Tally.Stash'),
        'lib/tally/counter.ex': tallyWorker('Tally.Counter'),
      },
      errors: [{ messageId: 'level', line: 2, message: 'Tally.Supervisor supervises Tally.CounterSupervisor, a supervisor of one child (Tally.Counter)' }],
    },
    {
      name: 'two single-child supervisors, reported once at the top',
      files: chain,
      errors: [
        {
          messageId: 'chain',
          file: 'lib/shop/store_supervisor.ex',
          line: 2,
          column: 3,
          severity: 'warning',
          message: 'nested 2 deep with one child each (Shop.StoreSupervisor → Shop.CartSupervisor → Shop.Cart)',
        },
      ],
    },
    { name: 'information in REFACTOR', files: chain, phase: 'refactor', errors: [{ messageId: 'chain', severity: 'information' }] },
    { name: 'warning in RED', files: chain, phase: 'red', errors: [{ messageId: 'chain', severity: 'warning' }] },
    {
      name: 'three levels under the Application, and a child list in a plain start_link',
      files: {
        'lib/shop/application.ex': application('Shop.Root'),
        'lib/shop/root.ex': `defmodule Shop.Root do
  def child_spec(arg), do: %{id: __MODULE__, start: {__MODULE__, :start_link, [arg]}, type: :supervisor}

  def start_link(_arg) do
    Supervisor.start_link([Shop.StoreSupervisor], strategy: :one_for_one)
  end
end
`,
        ...chain,
      },
      errors: [{ messageId: 'chain', file: 'lib/shop/root.ex', line: 5, column: 5, message: 'nested 3 deep' }],
    },
    {
      name: 'a test that only calls the cart does not justify the chain',
      files: {
        ...chain,
        'test/shop/cart_test.exs': `defmodule Shop.CartTest do
  use ExUnit.Case
  test "starts empty", do: assert(Agent.get(Shop.Cart, & &1) == [])
end
`,
      },
      errors: [{ messageId: 'chain', message: 'Its tests (test/shop/cart_test.exs) do not verify' }],
    },
    {
      name: 'a DynamicSupervisor module started once, at boot, with a constant spec: reported on its use line',
      files: {
        'lib/exporter/worker_supervisor.ex': `defmodule Exporter.WorkerSupervisor do
  use DynamicSupervisor

  def start_link(arg), do: DynamicSupervisor.start_link(__MODULE__, arg, name: __MODULE__)
  def start_worker, do: DynamicSupervisor.start_child(__MODULE__, {Exporter.Worker, format: :csv})

  @impl true
  def init(_arg), do: DynamicSupervisor.init(strategy: :one_for_one)
end
`,
        'lib/exporter/application.ex': `defmodule Exporter.Application do
  use Application

  def start(_type, _args) do
    {:ok, sup} = Supervisor.start_link([Exporter.WorkerSupervisor], strategy: :one_for_one)
    {:ok, _} = Exporter.WorkerSupervisor.start_worker()
    {:ok, sup}
  end
end
`,
      },
      errors: [{ messageId: 'dynamic', file: 'lib/exporter/worker_supervisor.ex', line: 2, column: 3, message: 'always Exporter.Worker' }],
    },
    {
      name: 'a DynamicSupervisor named in a child list that only ever starts one constant child',
      code: rooms,
      errors: [{ messageId: 'dynamic', line: 3, column: 5, message: 'Chat.RoomSupervisor is a DynamicSupervisor, but the project starts only one child in it, always Chat.Lobby' }],
    },
  ],
});
