// OTP005: an ETS table filled with constant data where it is created and never written again.
import type { EtsOp } from '../facts/ets-fact';
import { isTestCode, type ModuleFacts } from '../facts/types';
import { isConstant } from '../parse/term-queries';
import { defineRule, PREMATURE } from './define';

/** A write whose table we cannot name: a parameter, a field, a call. It might reach any table of the module. */
function isUnresolved(w: EtsOp, mod: ModuleFacts): boolean {
  if (w.name) return false;
  const v = w.table?.t === 'var' ? w.table.name : undefined;
  return !v || !mod.ets.some((n) => n.op === 'new' && n.boundTo === v && n.inFunction === w.inFunction);
}

export default defineRule({
  id: 'OTP005',
  name: 'ets-for-static-data',
  severity: PREMATURE,
  justifiedBy: [],
  messages: {
    static: 'This ETS table is filled with constant data in {function} and never written again: it holds a constant.',
  },
  explanation: {
    what: 'An ETS table that only ever receives constant data, inserted right where the table is created.',
    why:
      'ETS earns its keep for data that changes at run time and is shared between processes. A table filled once ' +
      'with literals needs an owner process, dies with it, and turns every read into a copy out of a table. The ' +
      'same data as a map in a module attribute is compiled into the module; for a large value read from many ' +
      'processes, `:persistent_term` gives the same without an owner.',
    source: 'OTP Advisor: signs of premature OTP (a process-owned table for data known at compile time)',
    bad: `defmodule Shop.Countries do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, nil, name: __MODULE__)
  def name(code), do: :ets.lookup_element(:countries, code, 2)

  @impl true
  def init(nil) do
    :ets.new(:countries, [:named_table, read_concurrency: true])
    :ets.insert(:countries, [{"NL", "Netherlands"}, {"BE", "Belgium"}])
    {:ok, nil}
  end
end`,
    good: `defmodule Shop.Countries do
  @countries %{"NL" => "Netherlands", "BE" => "Belgium"}

  def name(code), do: Map.fetch!(@countries, code)
end`,
  },
  check(mod, ctx) {
    if (isTestCode(mod)) return;
    for (const created of mod.ets) {
      if (created.op !== 'new') continue;
      const { namedTable: name, boundTo: bound } = created;
      if (!name && !bound) continue;
      // Every write that can reach the table: by its name anywhere in the project, or through its variable here.
      const writes: { w: EtsOp; owner: ModuleFacts }[] = [];
      for (const owner of name ? ctx.project.modules : [mod]) {
        for (const w of owner.ets) {
          if (w.op !== 'write') continue;
          const byName = name !== undefined && w.name === name;
          const byVar = owner === mod && bound !== undefined && w.table?.t === 'var' && w.table.name === bound && w.inFunction === created.inFunction;
          if (byName || byVar) writes.push({ w, owner });
        }
      }
      if (!writes.length) continue;
      if (!writes.every(({ w, owner }) => owner === mod && w.inFunction === created.inFunction && w.data.every(isConstant))) continue;
      // A table whose id leaves the function (or whose name anyone can use) may be written by code we cannot
      // follow: in this module, or anywhere when other processes may write it or its id is passed on.
      if (name || created.handedTo) {
        const owners = created.isPublic || created.handedTo ? ctx.project.modules.filter((m) => !isTestCode(m)) : [mod];
        if (owners.some((m) => m.ets.some((w) => w.op === 'write' && isUnresolved(w, m)))) continue;
      }
      ctx.report({ messageId: 'static', at: created.span, data: { function: created.inFunction } });
    }
  },
});
