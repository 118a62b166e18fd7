import rule from '../../../src/analysis/rules/otp013-agent-as-variable';
import { runRuleTests } from '../../helpers/rule-tester';

const rolls = `defmodule Bowling do
  use Agent

  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)
  def roll(pins), do: Agent.update(__MODULE__, &[pins | &1])
  def score, do: Agent.get(__MODULE__, &Enum.sum/1)
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'an update with a side effect is not plain data',
      code: `defmodule Audit do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)
  def log(e), do: Agent.update(__MODULE__, fn es -> IO.puts(e); [e | es] end)
  def all, do: Agent.get(__MODULE__, & &1)
end
`,
    },
    {
      name: 'never updated (OTP003 reports a constant)',
      code: `defmodule Rates do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> %{eur: 1.0} end, name: __MODULE__)
  def rate(c), do: Agent.get(__MODULE__, &Map.fetch!(&1, c))
end
`,
    },
    {
      name: 'justified by a test with concurrent callers',
      files: {
        'lib/bowling.ex': rolls,
        'test/bowling_test.exs': `defmodule BowlingTest do
  use ExUnit.Case
  test "rolls from many players" do
    start_supervised!(Bowling)
    1..10 |> Task.async_stream(fn _ -> Bowling.roll(1) end) |> Stream.run()
    assert Bowling.score() == 10
  end
end
`,
      },
    },
    {
      name: 'a local Agent handed to another function is shared, not a local variable',
      code: `defmodule Collect do
  def run(items) do
    {:ok, acc} = Agent.start_link(fn -> [] end)
    Worker.fill(acc, items)
    Agent.get(acc, & &1)
  end
end
`,
    },
    {
      name: 'a local Agent handed to an own helper that passes it on to another module is shared',
      code: `defmodule Collect do
  def run(items) do
    {:ok, acc} = Agent.start_link(fn -> [] end)
    fill(acc, items)
    Agent.get(acc, & &1)
  end
  defp fill(acc, items), do: Worker.fill(acc, items)
end
`,
    },
    {
      name: 'a local Agent handed to another module that updates it from tasks is shared by those processes',
      files: {
        'lib/game.ex': `defmodule Game do
  def main(rolls) do
    {:ok, pid} = Agent.start_link(fn -> [] end)
    Score.roll_all(pid, rolls)
    Score.total(pid)
  end
end
`,
        'lib/score.ex': `defmodule Score do
  def roll_all(pid, rolls), do: rolls |> Enum.map(fn r -> Task.async(fn -> Agent.update(pid, &[r | &1]) end) end) |> Task.await_many()
  def total(pid), do: Agent.get(pid, &Enum.sum/1)
end
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an unnamed Agent a public function hands back, its pid taken by the other functions',
      code: `defmodule Clicks do
  def new, do: Agent.start_link(fn -> 0 end)
  def click(pid), do: Agent.get_and_update(pid, fn n -> {n + 1, n + 1} end)
  def set(pid, v), do: Agent.update(pid, fn _ -> v end)
  def get(pid), do: Agent.get(pid, fn n -> n end)
end
`,
      errors: [{ messageId: 'variable', line: 2 }],
    },
    { name: 'an accumulator Agent', code: rolls, errors: [{ messageId: 'accumulator', line: 2, column: 3, severity: 'warning', message: 'Agent.update' }] },
    { name: 'information in REFACTOR', code: rolls, phase: 'refactor', errors: [{ messageId: 'accumulator', severity: 'information' }] },
    {
      name: 'a named Agent through a module attribute, updated through a pure helper',
      code: `defmodule Dictionary do
  @name __MODULE__
  def start_link, do: Agent.start_link(fn -> %{} end, name: @name)
  def add_words(words), do: Agent.update(@name, &do_add_words(&1, words))
  def anagrams_of(word), do: Agent.get(@name, &Map.get(&1, signature_of(word)))
  defp do_add_words(map, words), do: Enum.reduce(words, map, &add_one_word(&1, &2))
  defp add_one_word(word, map), do: Map.update(map, signature_of(word), [word], &[word | &1])
  defp signature_of(word), do: word |> to_charlist() |> Enum.sort() |> to_string()
end
`,
      errors: [{ messageId: 'variable', line: 3, column: 23 }],
    },
    {
      name: 'an Agent started, fed and read in one function',
      code: `defmodule Report do
  def totals(rows) do
    {:ok, acc} = Agent.start_link(fn -> 0 end)
    Enum.each(rows, fn r -> Agent.update(acc, &(&1 + r.amount)) end)
    Agent.get(acc, & &1)
  end
end
`,
      errors: [{ messageId: 'local', line: 3, message: 'totals/1' }],
    },
    {
      name: 'an Agent fed by an own recursive helper that only appends to it, read once by its starter',
      code: `defmodule Lines do
  def main(pids) do
    {:ok, acc} = Agent.start_link(fn -> [] end)
    collect(acc, length(pids))
    Agent.get(acc, & &1)
  end
  def collect(_, 0), do: :done
  def collect(acc, n) do
    receive do
      {:ok, value} -> Agent.update(acc, fn s -> s ++ [value] end)
    end
    collect(acc, n - 1)
  end
end
`,
      errors: [{ messageId: 'local', line: 3, message: 'main/1' }],
    },
    {
      name: 'an Agent started in main/0 and fed and read through another module\'s functions that only talk to it',
      files: {
        'lib/game.ex': `defmodule Game do
  def main do
    {:ok, pid} = Agent.start_link(fn -> [] end)
    Enum.each([3, 4, 5], fn r -> Score.roll(pid, r) end)
    IO.puts(Score.total(pid))
  end
end
`,
        'lib/score.ex': `defmodule Score do
  def roll(pid, pins), do: Agent.update(pid, fn rolls -> [pins | rolls] end)
  def total(pid), do: Agent.get(pid, &Enum.sum/1)
end
`,
      },
      errors: [{ messageId: 'local', file: 'lib/game.ex', line: 3, message: 'main/0' }],
    },
  ],
});
