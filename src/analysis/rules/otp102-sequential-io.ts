// OTP102: a loop whose iterations each do their own slow IO, one after the other.
import { isTestCode } from '../facts/types';
import { defineRule, REFACTOR_TRIGGER } from './define';

export default defineRule({
  id: 'OTP102',
  name: 'sequential-io',
  severity: REFACTOR_TRIGGER,
  justifiedBy: [],
  messages: {
    io: '{loop} calls {io} for one element at a time; if this loop is slow, `Task.async_stream` can run the calls concurrently.',
    query:
      '{loop} runs {io} once per element; if this loop is slow, one query for all the elements (or `Task.async_stream` ' +
      'outside a transaction) avoids the round trips.',
  },
  explanation: {
    what:
      '`Enum.map/each/flat_map` or `for` whose body does slow IO for each element (`Req`, `HTTPoison`, `Finch`, `Tesla`, ' +
      '`:httpc`, an Ecto repo), with nothing carried from one iteration to the next.',
    why:
      'Each iteration waits for its IO before the next one starts, so the loop takes the sum of all the waits. ' +
      'The iterations do not depend on each other, which is the case where processes help: `Task.async_stream/3` ' +
      'runs them concurrently with a bounded `max_concurrency` and a timeout per item, and returns the results in ' +
      'order. For database queries, one query over all the elements (`where: x.id in ^ids`, `Repo.insert_all`, a ' +
      'preload) is usually better than concurrency, and inside a transaction the queries must stay on its ' +
      'connection. Do this when a measurement or a test shows the loop is too slow, not before.',
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
      const isQuery = !s.io.startsWith(':') && /(?:^|\.)Repo\.[^.]+$/.test(s.io);
      ctx.report({ messageId: isQuery ? 'query' : 'io', at: s.r, data: { loop: s.loop === 'for' ? 'This `for`' : `This \`${s.loop}\``, io: `\`${s.io}\`` } });
    }
  },
});
