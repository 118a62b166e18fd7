// OTP014: an Agent used as the memo table of a recursive pure function.
import { agentAccess, ownAgent } from '../facts/agents';
import { localClauses } from '../facts/statements';
import { recurses, summaryOf } from '../facts/summaries';
import type { ModuleFacts } from '../facts/types';
import type { Call } from '../parse/term';
import { callsIn, modName } from '../parse/term-queries';
import { defineRule, PREMATURE } from './define';

/** A recursive local function the Agent call hands its state to: `Agent.get_and_update(pid, &do_fib(&1, n))`. */
function recursiveHelperIn(c: Call, mod: ModuleFacts): boolean {
  return callsIn(c.args.slice(1)).some((x) => {
    if (x.mod || x === c) return false;
    const clauses = localClauses(mod, x);
    return clauses.length > 0 && clauses.some(recurses) && summaryOf(mod, x.name, x.args.length)?.pure === true;
  });
}

export default defineRule({
  id: 'OTP014',
  name: 'agent-memo-cache',
  severity: PREMATURE,
  justifiedBy: ['concurrency'],
  messages: {
    memo: 'An Agent memoises the recursive {function}: thread the memo map through the recursion (or fold with Enum.reduce) instead.',
  },
  explanation: {
    what: 'A recursive function that reads and writes an Agent as its memo table, or an Agent handing its state to a recursive pure function.',
    why:
      'Memoisation needs a map that grows as the recursion goes, not a process: each `Agent.get`/`Agent.update` ' +
      'is a message round trip, and the cache lives as long as the process someone must start and stop. Pass the ' +
      'map in and return it with the result (`{value, memo}`), or build the table bottom-up with `Enum.reduce` or ' +
      '`Stream.unfold`. It does not apply when several processes really share one cache (a test would show it).',
    source: 'OTP Advisor: signs of premature OTP (a process for data that could be an argument)',
    bad: `defmodule Fib do
  def start, do: Agent.start_link(fn -> %{0 => 0, 1 => 1} end)

  def fib(memo, n) do
    case Agent.get(memo, &Map.get(&1, n)) do
      nil ->
        value = fib(memo, n - 1) + fib(memo, n - 2)
        Agent.update(memo, &Map.put(&1, n, value))
        value
      value ->
        value
    end
  end
end`,
    good: `defmodule Fib do
  def fib(n), do: n |> fib(%{0 => 0, 1 => 1}) |> elem(0)

  defp fib(n, memo) when is_map_key(memo, n), do: {memo[n], memo}

  defp fib(n, memo) do
    {a, memo} = fib(n - 1, memo)
    {b, memo} = fib(n - 2, memo)
    {a + b, Map.put(memo, n, a + b)}
  end
end`,
  },
  check(mod, ctx) {
    if (mod.isTestFile) return;
    const seen = new Set<string>();
    for (const fn of mod.functions) {
      if (!fn.body || seen.has(fn.name)) continue;
      const calls = callsIn(fn.body);
      const accesses = calls.map((c) => agentAccess(c, mod)).filter((a) => a !== undefined);
      const viaHelper = calls.some((c) => modName(c) === 'Agent' && (c.name === 'get_and_update' || c.name === 'update') && recursiveHelperIn(c, mod));
      const memo = (recurses(fn) && accesses.some((a) => a.op === 'read') && accesses.some((a) => a.op === 'write')) || viaHelper;
      if (!memo) continue;
      seen.add(fn.name);
      const start = mod.handles.find((h) => h.kind === 'Agent');
      ctx.report({ messageId: 'memo', at: ownAgent(mod) ?? start?.span ?? fn.head, data: { function: `${fn.name}/${fn.arity}` } });
    }
  },
});
