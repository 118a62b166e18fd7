import rule from '../../../src/analysis/rules/otp020-scattered-process-interface';
import { runRuleTests } from '../../helpers/rule-tester';

const cart = `defmodule Shop.Cart do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, %{}, name: __MODULE__)
  def total(id), do: GenServer.call(__MODULE__, {:total, id})
  def init(s), do: {:ok, s}
  def handle_call({:total, id}, _from, s), do: {:reply, Map.get(s, id, 0), s}
end
`;

runRuleTests(rule, {
  valid: [
    { name: 'the module calls its own process', code: cart },
    {
      name: 'callers use the client function',
      files: { 'lib/cart.ex': cart, 'lib/checkout.ex': 'defmodule Shop.Checkout do\n  def total(id), do: Shop.Cart.total(id)\nend\n' },
    },
    {
      name: 'calls through a pid are not aimed at a named process',
      files: { 'lib/cart.ex': cart, 'lib/checkout.ex': 'defmodule Shop.Checkout do\n  def total(pid, id), do: GenServer.call(pid, {:total, id})\nend\n' },
    },
    {
      name: 'tests may poke the process',
      files: {
        'lib/cart.ex': cart,
        'test/cart_test.exs': 'defmodule Shop.CartTest do\n  use ExUnit.Case\n  test "t" do\n    GenServer.call(Shop.Cart, {:total, 1})\n  end\nend\n',
      },
    },
    {
      name: 'a module that is not in the project',
      code: 'defmodule Shop.Checkout do\n  def flush, do: GenServer.cast(Logger, :flush)\nend\n',
    },
  ],
  invalid: [
    {
      name: 'GenServer.call from another module',
      files: {
        'lib/cart.ex': cart,
        'lib/checkout.ex': 'defmodule Shop.Checkout do\n  alias Shop.Cart\n  def total(id), do: GenServer.call(Cart, {:total, id})\nend\n',
      },
      errors: [{ messageId: 'scattered', file: 'lib/checkout.ex', line: 3, column: 22, severity: 'warning', message: 'Shop.Cart' }],
    },
    {
      name: 'send to a named process, a warning in REFACTOR too',
      phase: 'refactor',
      files: { 'lib/cart.ex': cart, 'lib/checkout.ex': 'defmodule Shop.Checkout do\n  def ping, do: send(Shop.Cart, :ping)\nend\n' },
      errors: [{ messageId: 'send', line: 2, severity: 'warning' }],
    },
  ],
});
