defmodule Shop.Application do
  # The Application's own supervisor: never flagged (this is `mix new --sup` boilerplate).
  use Application

  @impl true
  def start(_type, _args) do
    children = [
      Shop.Settings,
      Shop.PriceCalculator,
      Shop.Visits,
      Shop.Inventory,
      Shop.CartSupervisor,
      Shop.Reminder
    ]

    Supervisor.start_link(children, strategy: :one_for_one, name: Shop.Supervisor)
  end
end
