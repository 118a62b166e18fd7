// OTP102: a loop whose iterations each do their own slow IO, one after the other.
import { isTestCode } from '../facts/types';
import { defineRule, REFACTOR_TRIGGER } from './define';

export default defineRule({
  id: 'OTP102',
  name: 'sequential-io',
  severity: REFACTOR_TRIGGER,
  justifiedBy: [],
  messages: {
    io: '{loop} in {fn} calls {io} for one element at a time; if this loop is slow, `Task.async_stream` can run the calls concurrently.',
  },
  explanation: {
    what:
      '`Enum.map/each/flat_map` or `for` whose body does slow network IO for each element (`Req`, `HTTPoison`, ' +
      '`Finch`, `Tesla`, `:httpc`), with nothing carried from one iteration to the next.',
    why:
      'Each iteration waits for its IO before the next one starts, so the loop takes the sum of all the waits. ' +
      'The iterations do not depend on each other, which is the case where processes help: `Task.async_stream/3` ' +
      'runs them concurrently with a bounded `max_concurrency` and a timeout per item, and returns the results in ' +
      'order. Do this when a measurement or a test shows the loop is too slow, not before. Not flagged: Ecto repo ' +
      'calls in a loop (an N+1 wants a preload or one query over all the elements, a batch `Repo.insert_all`, ' +
      'not processes); loops over a literal list, a module attribute or configuration (a handful of items); ' +
      'seeds, scripts and mix tasks (not the product).',
    source: 'OTP Advisor: TDD guidance (REFACTOR: introduce concurrency where independent IO is measured slow)',
    bad: `defmodule Prices do
  def fetch_all(urls) do
    Enum.map(urls, fn url ->
      Req.get!(url).body
    end)
  end
end`,
    good: `defmodule Prices do
  def fetch_all(urls) do
    urls
    |> Task.async_stream(fn url -> Req.get!(url).body end, max_concurrency: 8)
    |> Enum.map(fn {:ok, body} -> body end)
  end
end`,
  },
  check(mod, ctx) {
    if (isTestCode(mod)) return;
    for (const s of mod.sequentialIo) {
      ctx.report({ messageId: 'io', at: s.span, data: { loop: s.loop === 'for' ? 'This `for`' : `This \`${s.loop}\``, fn: s.inFunction ?? 'this function', io: `\`${s.io}\`` } });
    }
  },
});
