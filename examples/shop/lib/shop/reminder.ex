defmodule Shop.Reminder do
  # OTP010: a timer that no test exercises.
  use GenServer

  @every :timer.minutes(30)

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)

  @impl true
  def init(carts) do
    Process.send_after(self(), :remind, @every)
    {:ok, carts}
  end

  @impl true
  def handle_info(:remind, carts) do
    Process.send_after(self(), :remind, @every)
    {:noreply, carts}
  end
end
