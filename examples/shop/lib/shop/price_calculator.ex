defmodule Shop.PriceCalculator do
  # OTP001: the state is never read or changed; these are plain functions behind a process.
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, :ok, name: __MODULE__)

  def gross(net, vat_rate), do: GenServer.call(__MODULE__, {:gross, net, vat_rate})

  @impl true
  def init(state), do: {:ok, state}

  @impl true
  def handle_call({:gross, net, vat_rate}, _from, state) do
    {:reply, round(net * (1 + vat_rate)), state}
  end
end
