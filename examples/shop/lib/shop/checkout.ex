defmodule Shop.Checkout do
  # Plain functions: the right default. Two findings still hide in here.

  def quote(skus) do
    # OTP007: a task awaited at once is a slower direct call.
    available = Task.async(fn -> Enum.filter(skus, &(Shop.Inventory.stock(&1) > 0)) end) |> Task.await()
    %{available: available, currency: Shop.Settings.currency()}
  end

  def restock(sku, n) do
    # OTP020: the Inventory's message format leaks out of its module.
    GenServer.cast(Shop.Inventory, {:add, sku, n})
  end

  def gross(net), do: Shop.PriceCalculator.gross(net, Shop.Settings.vat_rate())
end
