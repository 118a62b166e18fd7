// The flags of a module's text after an edit, from the old flags and the text around the edit (text-flags.ts),
// must be those of scanning the new text whole, whether the edit makes or breaks a pattern or leaves them all.
import { describe, expect, it } from 'vitest';
import { commonEnds } from '../../src/analysis/facts/splice';
import { flagsAfterEdit, textFlags } from '../../src/analysis/facts/text-flags';

const MODULE = `defmodule Shop.Cart do
  @moduledoc "Items of a cart."

  def add(cart, item) do
    Map.update(cart, item, 1, &(&1 + 1))
  end

  def fetch(id) do
    Repo.get(Item, id)
  end

  def run do
    pid = spawn(fn -> loop() end)
    pid
  end

  defp loop do
    receive do
      :stop -> :ok
    end
  end
end
`;

/** Each edit as [text to find, replacement]: some make or break a pattern, some touch nothing the flags read. */
const EDITS: [string, string][] = [
  ['  @moduledoc', '  use GenServer\n  @moduledoc'],
  ['Repo.get', 'Rep.get'],
  ['Repo.get', 'Repo .get'],
  ['spawn(', 'spawnx('],
  ['spawn(', 'spawn_link('],
  ['receive do', 'receive  do'],
  ['receive do', 'receivedo'],
  ['Map.update', 'Map.updat'],
  ['(cart, item)', '(cart,  item)'],
  ['  def add', '  # defmodule Inner do\n  def add'],
  ['@moduledoc', '@behaviour :gen_server\n  @moduledoc'],
  ['Map.update', 'Agent.update'],
  ['Map.update', 'Agent .update'],
  ['1 + 1', '1 +  1'],
];

describe('flags after an edit', () => {
  it.each(EDITS)('equal a whole scan: %j → %j', (find, replace) => {
    const at = MODULE.indexOf(find);
    expect(at).toBeGreaterThan(0);
    const text = MODULE.slice(0, at) + replace + MODULE.slice(at + find.length);
    const { prefix, suffix } = commonEnds(MODULE, text);
    const got = flagsAfterEdit(textFlags(MODULE), MODULE, text, prefix, MODULE.length - suffix, text.length - suffix);
    expect(got).toEqual(textFlags(text));
  });

  it('changes with edits that make or break a pattern', () => {
    const otp = MODULE.replace('  @moduledoc', '  use GenServer\n  @moduledoc');
    expect([textFlags(MODULE).otp, textFlags(otp).otp]).toEqual([false, true]);
    expect(textFlags(MODULE)).toEqual({ otp: false, slowIo: true, receives: true, spawns: true });
    expect(textFlags(MODULE.replace('Repo.get', 'Rep.get')).slowIo).toBe(false);
  });
});

describe('common ends', () => {
  it('finds the common prefix and suffix of long texts, past the block sizes', () => {
    const long = 'x'.repeat(5000) + MODULE.repeat(40);
    for (const at of [0, 1, 255, 256, 257, 4097, long.length - 300, long.length - 1, long.length]) {
      const text = long.slice(0, at) + 'Q' + long.slice(at);
      const { prefix, suffix } = commonEnds(long, text);
      expect(text.slice(0, prefix) + 'Q' + text.slice(text.length - suffix)).toBe(text);
      expect(prefix + suffix).toBe(long.length);
    }
  });
});
