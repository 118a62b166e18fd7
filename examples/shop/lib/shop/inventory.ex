defmodule Shop.Inventory do
  # Real state with a test that kills the process and checks the supervisor restarts it:
  # the process is justified, so the trivial-state rule stays silent here.
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, %{}, name: __MODULE__)

  def stock(sku), do: GenServer.call(__MODULE__, {:stock, sku})
  def add(sku, n), do: GenServer.cast(__MODULE__, {:add, sku, n})

  @impl true
  def init(stock), do: {:ok, stock}

  @impl true
  def handle_call({:stock, sku}, _from, stock), do: {:reply, Map.get(stock, sku, 0), stock}

  @impl true
  def handle_cast({:add, sku, n}, stock), do: {:noreply, Map.update(stock, sku, n, &(&1 + n))}
end
