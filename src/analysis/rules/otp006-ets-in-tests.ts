// OTP006: an ETS table created in test code that only `:ets` calls of that file ever touch: fixture storage.
import { isTestCode } from '../facts/types';
import { defineRule, PREMATURE } from './define';

export default defineRule({
  id: 'OTP006',
  name: 'ets-in-tests',
  severity: PREMATURE,
  runsOn: ['tests'],
  justifiedBy: [],
  messages: {
    fixture: 'This ETS table in {scope} is only used by `:ets` calls in this file: it stores fixture data that plain values could hold.',
  },
  explanation: {
    what: 'An ETS table created in test code (a test file or test/support) and used only by `:ets` calls there, never by the code under test.',
    why:
      'A test that keeps its fixtures in ETS tests ETS, not your code, and pays for a mutable table it must create ' +
      'and clean up. Build the data as a map or list in the test, or return it from `setup` so it arrives in the ' +
      'test context. Keep ETS in a test when the code under test reads the table, or when another process (a ' +
      'telemetry handler, a mock called from a task) has to record something the test checks. Not flagged: a ' +
      'table passed to other code or read by name outside the tests, a table written out with `:ets.tab2file` (a ' +
      'file in ETS\'s own format that the code under test loads with `:ets.file2tab`), `:ets.to_dets` or handed to ' +
      'another process with `:ets.give_away`, and a named table whose name is built at ' +
      'run time (`:"#{cluster}_slots"`): the code under test builds the same name from the value it is given and ' +
      'reads the table the test prepared as its input; and tables a test file never reads back (the code under ' +
      'test finds them itself, say through `:ets.all/0`).',
    source: 'OTP Advisor: signs of premature OTP (shared mutable storage where a value would do)',
    bad: `defmodule Shop.CartTest do
  use ExUnit.Case

  setup do
    table = :ets.new(:prices, [:set, :public])
    :ets.insert(table, [{"apple", 3}, {"pear", 4}])
    %{prices: table}
  end

  test "an apple costs 3", %{prices: prices} do
    assert [{"apple", 3}] = :ets.lookup(prices, "apple")
  end
end`,
    good: `defmodule Shop.CartTest do
  use ExUnit.Case

  setup do
    %{prices: %{"apple" => 3, "pear" => 4}}
  end

  test "an apple costs 3", %{prices: prices} do
    assert prices["apple"] == 3
  end
end`,
    examplePath: 'test/shop/cart_test.exs',
  },
  check(mod, ctx) {
    if (!isTestCode(mod)) return;
    // A file that never reads a table back (no lookup, select, match, member...) keeps nothing in ETS for itself:
    // its tables are the input the code under test finds on its own (a dashboard listing the node's tables).
    if (!mod.ets.some((e) => e.op === 'read')) return;
    for (const created of mod.ets) {
      if (created.op !== 'new' || created.handedTo) continue;
      // A named table that code outside the tests reads or writes is the code under test's own table.
      const name = created.namedTable;
      if (name && ctx.project.modules.some((m) => !isTestCode(m) && m.ets.some((e) => e.name === name))) continue;
      // A name built from a value at run time (`:"#{cluster}_slots"`) follows a convention the code under test
      // shares: given `cluster`, it builds the same name and reads the table the test prepared for it.
      if (created.builtName) continue;
      ctx.report({ messageId: 'fixture', at: created.span, data: { scope: created.inFunction } });
    }
  },
});
