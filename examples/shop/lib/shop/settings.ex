defmodule Shop.Settings do
  # OTP003: nothing ever updates this Agent; a module attribute would do.
  use Agent

  def start_link(_), do: Agent.start_link(fn -> %{currency: "EUR", vat_rate: 0.21} end, name: __MODULE__)

  def currency, do: Agent.get(__MODULE__, & &1.currency)
  def vat_rate, do: Agent.get(__MODULE__, & &1.vat_rate)
end
