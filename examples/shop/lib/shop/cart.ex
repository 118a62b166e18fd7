defmodule Shop.Cart do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)

  def add(item, price), do: GenServer.cast(__MODULE__, {:add, item, price})
  def total, do: GenServer.call(__MODULE__, :total)
  def checkout, do: GenServer.call(__MODULE__, :checkout)

  @impl true
  def init(items), do: {:ok, items}

  @impl true
  def handle_cast({:add, item, price}, items), do: {:noreply, [{item, price} | items]}

  @impl true
  def handle_call(:total, _from, items) do
    {:reply, items |> Enum.map(&elem(&1, 1)) |> Enum.sum(), items}
  end

  # OTP023: total/0 calls this very process, which is busy running this callback.
  def handle_call(:checkout, _from, items) do
    receipt = %{items: Enum.reverse(items), total: total()}
    {:reply, receipt, []}
  end
end
