import rule from '../../../src/analysis/rules/otp101-threaded-state';
import { runRuleTests } from '../../helpers/rule-tester';

const game = `defmodule Game do
  defstruct score: 0, moves: [], over?: false, log: []

  def new, do: %Game{}

  def move(game, move), do: %{game | moves: [move | game.moves]}

  def score(game, points) do
    points = max(points, 0)
    Map.update!(game, :score, &(&1 + points))
  end

  def finish(%Game{} = game) do
    if game.over? do
      game
    else
      %{game | over?: true}
    end
  end

  def note(game, line), do: put_in(game.log, [line | game.log])

  def undo(game) do
    [last | rest] = game.moves
    {last, %{game | moves: rest}}
  end
end
`;

// Project code that carries a game from step to step: rebinding it through Game's functions.
const table = `defmodule Game.Table do
  def play(moves) do
    game = Game.new()
    game = Game.move(game, hd(moves))
    game = Game.score(game, 10)
    Game.finish(game)
  end
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a struct API of setters (a message flowing through a pipeline): each caller keeps its copy',
      phase: 'refactor',
      code: `defmodule Pipeline.Message do
  defstruct data: nil, batcher: :default, status: :ok

  def put_data(%__MODULE__{} = m, data), do: %{m | data: data}
  def put_batcher(%__MODULE__{} = m, b), do: %{m | batcher: b}
  def update_data(%__MODULE__{} = m, fun), do: %{m | data: fun.(m.data)}
  def failed(%__MODULE__{} = m, reason), do: %{m | status: {:failed, reason}}
end
`,
    },
    {
      name: 'the State module of a process: its functional core',
      phase: 'refactor',
      code: `defmodule Lobby.State do
  defstruct players: [], started?: false

  def join(state, p), do: %{state | players: [p | state.players]}
  def leave(state, p), do: %{state | players: List.delete(state.players, p)}
  def start(state), do: %{state | started?: true}
  def stop(state), do: %{state | started?: false}
end
`,
    },
    {
      name: 'a behaviour implementation: the process that plugs it in holds the state',
      phase: 'refactor',
      code: `defmodule Rover.Grid do
  @behaviour Rover.Handler
  defstruct x: 0, y: 0, facing: :north

  @impl true
  def turn_left(rover), do: %{rover | facing: left_of(rover.facing)}
  @impl true
  def turn_right(rover), do: %{rover | facing: right_of(rover.facing)}
  @impl true
  def forward(rover), do: %{rover | y: rover.y + 1}
  @impl true
  def back(rover), do: %{rover | y: rover.y - 1}

  defp left_of(:north), do: :west
  defp left_of(other), do: other
  defp right_of(:north), do: :east
  defp right_of(other), do: other
end
`,
    },
    {
      name: 'nobody threads the value: a module of converters whose callers only build a value in one pipeline',
      phase: 'refactor',
      files: {
        'lib/game.ex': game,
        'lib/game_view.ex': `defmodule GameView do
  def render(m), do: Game.new() |> Game.move(m) |> Game.finish() |> inspect()
end
`,
      },
    },
    { name: 'no caller in the project at all', phase: 'refactor', code: game },
    { name: 'off in GREEN', files: { 'lib/game.ex': game, 'lib/game/table.ex': table } },
    { name: 'off in RED', files: { 'lib/game.ex': game, 'lib/game/table.ex': table }, phase: 'red' },
    {
      name: 'three functions are not yet a pattern',
      phase: 'refactor',
      code: `defmodule Counter do
  def inc(state), do: %{state | n: state.n + 1}
  def dec(state), do: %{state | n: state.n - 1}
  def reset(state), do: Map.put(state, :n, 0)
  def value(state), do: state.n
end
`,
    },
    {
      name: 'a data type whose API mostly reads its value (Map, Macro.Env)',
      phase: 'refactor',
      code: `defmodule Bag do
  def put(bag, k), do: Map.update(bag, k, 1, &(&1 + 1))
  def delete(bag, k), do: Map.delete(bag, k)
  def merge(bag, other), do: Map.merge(bag, other)
  def clear(bag), do: %{bag | items: %{}}
  def count(bag, k), do: Map.get(bag, k, 0)
  def size(bag), do: map_size(bag)
  def member?(bag, k), do: Map.has_key?(bag, k)
  def keys(bag), do: Map.keys(bag)
  def to_list(bag), do: Map.to_list(bag)
end
`,
    },
    {
      name: 'a conn passed down a Plug pipeline',
      phase: 'refactor',
      code: `defmodule MyAppWeb.Auth do
  def assign_user(conn, user), do: %{conn | assigns: Map.put(conn.assigns, :user, user)}
  def put_flag(conn, f), do: Map.put(conn, :flag, f)
  def clear(conn), do: %{conn | assigns: %{}}
  def halt(conn), do: %{conn | halted: true}
end
`,
    },
    {
      name: 'pipes through functions that transform data',
      phase: 'refactor',
      code: `defmodule Codec do
  def decode(string), do: string |> String.trim() |> do_decode()
  def encode(string), do: string |> escape() |> wrap()
  def normalize(string), do: string |> String.downcase() |> String.trim()
  def strip(string), do: string |> String.replace(" ", "")
  defp do_decode(s), do: s
  defp escape(s), do: s
  defp wrap(s), do: s
end
`,
    },
    {
      name: 'returning the state unchanged in a tuple is not an update',
      phase: 'refactor',
      code: `defmodule Reader do
  def first(state), do: {:ok, state}
  def second(state), do: {:ok, state}
  def third(state), do: {:ok, state}
  def fourth(state), do: {:ok, state}
end
`,
    },
    {
      name: 'the state already lives in a process that calls these functions',
      phase: 'refactor',
      files: {
        'lib/game.ex': game,
        'lib/game_server.ex': `defmodule GameServer do
  use GenServer
  def init(_), do: {:ok, Game.new()}
  def handle_call({:move, m}, _from, game), do: {:reply, :ok, Game.move(game, m)}
end
`,
      },
    },
    {
      name: 'a GenServer is already a process',
      phase: 'refactor',
      code: `defmodule Tally do
  use GenServer
  def init(_), do: {:ok, %{n: 0}}
  def add(state, x), do: %{state | n: state.n + x}
  def sub(state, x), do: %{state | n: state.n - x}
  def mul(state, x), do: %{state | n: state.n * x}
  def zero(state), do: %{state | n: 0}
end
`,
    },
  ],
  invalid: [
    {
      name: 'a game threaded through five public functions, rebound step by step by a caller',
      files: { 'lib/game.ex': game, 'lib/game/table.ex': table },
      phase: 'refactor',
      errors: [
        {
          messageId: 'threaded',
          line: 1,
          column: 11,
          severity: 'information',
          message: 'Game threads a state through 5 public functions (move/2, score/2, finish/1, note/2, and 1 more)',
        },
      ],
    },
    {
      name: 'updates written as pipes that end in Map.put, struct/2, and multi-clause functions, reduced over by a caller',
      phase: 'refactor',
      code: `defmodule Account do
  def deposit(state, amount) when amount > 0, do: state |> check() |> Map.put(:balance, state.balance + amount)
  def deposit(state, _amount), do: state

  def withdraw(state, amount), do: struct(state, balance: state.balance - amount)

  def freeze(state) do
    Map.merge(state, %{frozen: true})
  end

  def rename(state, name) do
    case name do
      "" -> {:error, :empty}
      name -> %{state | name: name}
    end
  end

  defp check(state), do: state
end

defmodule Bank do
  def settle(account, amounts), do: Enum.reduce(amounts, account, fn amount, acc -> Account.deposit(acc, amount) end)
end
`,
      errors: [{ messageId: 'threaded', line: 1, message: 'through 4 public functions (deposit/2, withdraw/2, freeze/1, rename/2)' }],
    },
  ],
});
