import rule from '../../../src/analysis/rules/otp003-agent-for-constant-state';
import { runRuleTests } from '../../helpers/rule-tester';

const settings = `defmodule Settings do
  use Agent

  def start_link(_), do: Agent.start_link(fn -> %{currency: "EUR"} end, name: __MODULE__)
  def currency, do: Agent.get(__MODULE__, & &1.currency)
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'an Agent that is updated',
      code: `defmodule Counter do
  use Agent
  def start_link(n), do: Agent.start_link(fn -> n end, name: __MODULE__)
  def value, do: Agent.get(__MODULE__, & &1)
  def increment, do: Agent.update(__MODULE__, &(&1 + 1))
end
`,
    },
    {
      name: 'updated from another module by name',
      files: {
        'lib/settings.ex': settings,
        'lib/admin.ex': 'defmodule Admin do\n  def set(c), do: Agent.update(Settings, &Map.put(&1, :currency, c))\nend\n',
      },
    },
    {
      name: 'updated through a pid elsewhere',
      files: {
        'lib/settings.ex': settings,
        'lib/admin.ex': 'defmodule Admin do\n  def set(pid, c), do: Agent.update(pid, &Map.put(&1, :currency, c))\nend\n',
      },
    },
    {
      name: 'justified by a test that restarts it',
      files: {
        'lib/settings.ex': settings,
        'test/settings_test.exs': `defmodule SettingsTest do
  use ExUnit.Case
  test "comes back after a crash" do
    pid = Process.whereis(Settings)
    Process.exit(pid, :kill)
    Process.sleep(10)
    assert Settings.currency() == "EUR"
  end
end
`,
      },
    },
  ],
  invalid: [
    { name: 'a read-only Agent', code: settings, errors: [{ messageId: 'constant', line: 2, column: 3, severity: 'warning' }] },
    { name: 'information in REFACTOR', code: settings, phase: 'refactor', errors: [{ messageId: 'constant', severity: 'information' }] },
    {
      name: 'started by name without use Agent',
      code: `defmodule Rates do
  def start_link, do: Agent.start_link(fn -> %{eur: 1.0} end, name: __MODULE__)
  def rate(c), do: Agent.get(__MODULE__, &Map.fetch!(&1, c))
end
`,
      errors: [{ messageId: 'constant', line: 2, column: 23 }],
    },
    {
      name: 'started and stopped in one function',
      code: `defmodule Report do
  def build(rows) do
    {:ok, acc} = Agent.start_link(fn -> [] end)
    Enum.each(rows, fn r -> Agent.update(acc, &[r | &1]) end)
    result = Agent.get(acc, & &1)
    Agent.stop(acc)
    result
  end
end
`,
      errors: [{ messageId: 'scoped', line: 3, message: 'build/1' }],
    },
  ],
});
