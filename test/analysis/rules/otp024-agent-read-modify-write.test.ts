import rule from '../../../src/analysis/rules/otp024-agent-read-modify-write';
import { runRuleTests } from '../../helpers/rule-tester';

runRuleTests(rule, {
  valid: [
    {
      name: 'one get_and_update',
      code: `defmodule Account do
  def withdraw(account, amount) do
    Agent.get_and_update(account, fn
      b when b >= amount -> {:ok, b - amount}
      b -> {{:error, :insufficient_funds}, b}
    end)
  end
end
`,
    },
    {
      name: 'a read and an unrelated write',
      code: `defmodule Log do
  def rotate(agent) do
    count = Agent.get(agent, &length/1)
    IO.puts("rotating #{count}")
    Agent.update(agent, fn _ -> [] end)
  end
end
`,
    },
    {
      name: 'reads and writes of different Agents',
      code: `defmodule Transfer do
  def copy(from, to) do
    items = Agent.get(from, & &1)
    Agent.update(to, fn _ -> items end)
  end
end
`,
    },
    {
      name: 'a read, a value computed from something else, and a write of that',
      code: `defmodule Log do
  def reset(agent, size) do
    count = Agent.get(agent, &length/1)
    IO.puts("had #{count}")
    empty = List.duplicate(nil, size)
    Agent.update(agent, fn _ -> empty end)
  end
end
`,
    },
  ],
  invalid: [
    {
      name: 'get, decide, update from what was read',
      code: `defmodule Account do
  def withdraw(account, amount) do
    balance = Agent.get(account, & &1)
    if balance >= amount, do: Agent.update(account, fn _ -> balance - amount end)
  end
end
`,
      errors: [{ messageId: 'readThenWrite', line: 3, column: 15, message: 'line 4' }],
    },
    {
      name: 'update, then read back to return',
      code: `defmodule Counter do
  def bump(agent) do
    Agent.update(agent, &(&1 + 1))
    Agent.get(agent, & &1)
  end
end
`,
      errors: [{ messageId: 'writeThenRead', line: 3 }],
    },
    {
      name: 'through one-line wrappers',
      code: `defmodule Bank do
  def deposit(pid, amount) do
    current = balance(pid)
    put(pid, current + amount)
  end
  defp balance(pid), do: Agent.get(pid, & &1)
  defp put(pid, v), do: Agent.update(pid, fn _ -> v end)
end
`,
      errors: [{ messageId: 'readThenWrite', line: 3 }],
    },
    {
      name: 'the write holds a value computed from the read in a statement between them',
      code: `defmodule Acct do
  def deposit(pid, n) do
    bal = Agent.get(pid, fn b -> b end)
    new_bal = bal + n
    Agent.update(pid, fn _ -> new_bal end)
  end
end
`,
      errors: [{ messageId: 'readThenWrite', line: 3, message: 'line 5' }],
    },
  ],
});
