defmodule Shop.VisitsTest do
  use ExUnit.Case

  test "records visits" do
    before = Shop.Visits.count()
    Shop.Visits.record()
    assert Shop.Visits.count() == before + 1
  end
end
