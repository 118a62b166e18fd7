defmodule Shop.Visits do
  # OTP002: every callback only reads or updates a number.
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, 0, name: __MODULE__)
  def count, do: GenServer.call(__MODULE__, :count)
  def record, do: GenServer.cast(__MODULE__, :record)

  @impl true
  def init(n), do: {:ok, n}

  @impl true
  def handle_call(:count, _from, n), do: {:reply, n, n}

  @impl true
  def handle_cast(:record, n), do: {:noreply, n + 1}
end
