defmodule Shop.CheckoutTest do
  use ExUnit.Case

  test "gross price includes VAT" do
    assert Shop.Checkout.gross(100) == 121
  end

  test "quotes what is in stock" do
    Shop.Checkout.restock("pear", 1)
    assert %{available: ["pear"], currency: "EUR"} = Shop.Checkout.quote(["pear", "kiwi"])
  end
end
