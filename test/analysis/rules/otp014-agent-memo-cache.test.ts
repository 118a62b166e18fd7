import rule from '../../../src/analysis/rules/otp014-agent-memo-cache';
import { runRuleTests } from '../../helpers/rule-tester';

runRuleTests(rule, {
  valid: [
    {
      name: 'a memo map threaded through the recursion',
      code: `defmodule Fib do
  def fib(n), do: n |> fib(%{0 => 0, 1 => 1}) |> elem(0)
  defp fib(n, memo) when is_map_key(memo, n), do: {memo[n], memo}
  defp fib(n, memo) do
    {a, memo} = fib(n - 1, memo)
    {b, memo} = fib(n - 2, memo)
    {a + b, Map.put(memo, n, a + b)}
  end
end
`,
    },
    {
      name: 'a recursive function that only reads an Agent',
      code: `defmodule Walk do
  def depth(cfg, 0), do: Agent.get(cfg, & &1.base)
  def depth(cfg, n), do: 1 + depth(cfg, n - 1)
end
`,
    },
  ],
  invalid: [
    {
      name: 'get, recurse, update',
      code: `defmodule Fib do
  def start, do: Agent.start_link(fn -> %{0 => 0, 1 => 1} end)

  def fib(memo, n) do
    case Agent.get(memo, &Map.get(&1, n)) do
      nil ->
        value = fib(memo, n - 1) + fib(memo, n - 2)
        Agent.update(memo, &Map.put(&1, n, value))
        value
      value ->
        value
    end
  end
end
`,
      errors: [{ messageId: 'memo', line: 2, message: 'fib/2' }],
    },
    {
      name: 'the Agent hands its state to a recursive pure helper',
      code: `defmodule FibAgent do
  def start_link, do: Agent.start_link(fn -> %{0 => 0, 1 => 1} end)
  def fib(pid, n) when n >= 0, do: Agent.get_and_update(pid, &do_fib(&1, n))
  defp do_fib(cache, n) do
    case cache[n] do
      nil ->
        {n_1, cache} = do_fib(cache, n - 1)
        result = n_1 + cache[n - 2]
        {result, Map.put(cache, n, result)}
      cached ->
        {cached, cache}
    end
  end
end
`,
      errors: [{ messageId: 'memo', line: 2 }],
    },
    {
      name: 'through one-line wrappers of the Agent',
      code: `defmodule Cache do
  def find(pid, n) do
    case lookup(pid, n) do
      nil ->
        v = if n < 2, do: n, else: find(pid, n - 1) + find(pid, n - 2)
        store(pid, n, v)
        v
      v -> v
    end
  end
  defp lookup(pid, n), do: Agent.get(pid, &Map.get(&1, n))
  defp store(pid, n, v), do: Agent.update(pid, &Map.put(&1, n, v))
end
`,
      errors: [{ messageId: 'memo', line: 2, message: 'find/2' }],
    },
  ],
});
