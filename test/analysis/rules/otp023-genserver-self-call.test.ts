import rule from '../../../src/analysis/rules/otp023-genserver-self-call';
import { runRuleTests } from '../../helpers/rule-tester';

const cart = (callback: string) => `defmodule Cart do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)
  def total, do: GenServer.call(__MODULE__, :total)

  def init(items), do: {:ok, items}
  def handle_call(:total, _from, items), do: {:reply, Enum.sum(items), items}
${callback}
end
`;

runRuleTests(rule, {
  valid: [
    { name: 'client functions call the process', code: cart('') },
    {
      name: 'a cast to itself is asynchronous',
      code: cart('  def handle_call(:reset, _from, items) do\n    GenServer.cast(__MODULE__, :clear)\n    {:reply, :ok, items}\n  end'),
    },
    {
      name: 'calling another process from a callback',
      code: cart('  def handle_call(:price, _from, items), do: {:reply, GenServer.call(Prices, :all), items}'),
    },
  ],
  invalid: [
    {
      name: 'GenServer.call(__MODULE__) in a callback',
      code: cart('  def handle_call(:reset, _from, items) do\n    t = GenServer.call(__MODULE__, :total)\n    {:reply, t, []}\n  end'),
      errors: [{ messageId: 'direct', line: 10, column: 9, severity: 'error', message: 'handle_call/3' }],
    },
    {
      name: 'through the module name',
      code: cart('  def handle_cast(:log, items) do\n    IO.inspect(GenServer.call(Cart, :total))\n    {:noreply, items}\n  end'),
      errors: [{ messageId: 'direct', line: 10 }],
    },
    {
      name: 'through a client function',
      code: cart('  def handle_call(:report, _from, items), do: {:reply, "total: #{total()}", items}'),
      errors: [{ messageId: 'indirect', line: 9, message: 'total/0' }],
    },
    {
      name: 'an error in every phase',
      code: cart('  def handle_info(:check, items) do\n    GenServer.call(self(), :total)\n    {:noreply, items}\n  end'),
      phase: 'refactor',
      errors: [{ messageId: 'direct', severity: 'error' }],
    },
  ],
});
