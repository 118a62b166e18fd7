defmodule Shop.InventoryTest do
  use ExUnit.Case

  test "counts stock per sku" do
    Shop.Inventory.add("apple", 3)
    assert Shop.Inventory.stock("apple") >= 3
  end

  test "the supervisor restarts the inventory after a crash" do
    pid = Process.whereis(Shop.Inventory)
    ref = Process.monitor(pid)
    Process.exit(pid, :kill)
    assert_receive {:DOWN, ^ref, :process, ^pid, :killed}
    Process.sleep(50)
    assert is_pid(Process.whereis(Shop.Inventory))
    assert Process.whereis(Shop.Inventory) != pid
  end
end
