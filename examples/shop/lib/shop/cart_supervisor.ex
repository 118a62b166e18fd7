defmodule Shop.CartSupervisor do
  # OTP004: a supervisor for a single child, and no test of what happens when it crashes.
  use Supervisor

  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg) do
    Supervisor.init([Shop.Cart], strategy: :one_for_one)
  end
end
