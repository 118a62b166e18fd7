// OTP015: a process written by hand — `spawn` of a function that loops on `receive` holding plain data.
import type { FunctionClause, ModuleFacts } from '../facts/types';
import type { Call, Term } from '../parse/term';
import { callsIn, isLocal, visit } from '../parse/terms';
import { isSend } from '../facts/statements';
import { defineRule, PREMATURE } from './define';

/** The `receive` calls in a clause (outside closures given to other processes). */
function receivesIn(fn: FunctionClause): Call[] {
  const out: Call[] = [];
  visit(fn.body ?? [], (t) => {
    if (isLocal(t, ['receive']) && t.block) out.push(t);
  });
  return out;
}

function patternText(t: Term | undefined): string {
  return t?.t === 'tuple' && t.items[0]?.t === 'lit' ? `{${t.items[0].value}` : '';
}

/** `name/arity` loops: one of its clauses receives, and a receive branch calls it again (the next turn). */
function receiveLoop(mod: ModuleFacts, label: string): { replies: boolean } | undefined {
  const [name, arity] = [label.slice(0, label.lastIndexOf('/')), Number(label.slice(label.lastIndexOf('/') + 1))];
  const clauses = mod.functions.filter((f) => f.name === name && f.arity === arity);
  for (const c of clauses) {
    for (const r of receivesIn(c)) {
      // A loop driven by time (`after`) or by links and monitors is a process for what it does, not for data.
      if (r.block?.after || (r.block?.do?.clauses ?? []).some((k) => /^\{:(?:DOWN|EXIT)\b/.test(patternText(k.args[0])))) return undefined;
      const branches: Term[] = [...(r.block?.do?.clauses ?? []).flatMap((k) => k.body), ...(r.block?.do?.body ?? [])];
      const calls = callsIn(branches);
      // Recursion may sit after the receive instead of inside it (`receive ... end; loop(state)`).
      const after = callsIn(c.body ?? []).filter((x) => !x.mod && x.name === name && x.args.length === arity);
      if (calls.some((x) => !x.mod && x.name === name && x.args.length === arity) || after.length) return { replies: calls.some(isSend) };
    }
  }
  return undefined;
}

export default defineRule({
  id: 'OTP015',
  name: 'hand-rolled-server',
  severity: PREMATURE,
  justifiedBy: ['restart', 'concurrency'],
  messages: {
    server: '{call} starts {loop}, a hand-written server looping on receive{replies}: keep the data in a value passed to functions; if a process is really needed, a GenServer under a supervisor.',
  },
  explanation: {
    what: '`spawn` (or `spawn_link`) of a local function that loops on `receive`, carrying its data to the next turn.',
    why:
      'A receive loop holding a number, a list or a map is a GenServer written by hand: no supervision, no ' +
      'timeouts on requests, no `:sys` debugging, and a pid nobody restarts. Most of the time the data does not ' +
      'need a process at all: a module of functions taking the value and returning it updated does the same, ' +
      'testably. When a process is really needed (shared by concurrent callers, outliving them), write it as a ' +
      'GenServer started by a supervisor. It does not apply to loops driven by time (`receive ... after`) or by ' +
      'links and monitors, to low-level infrastructure that must be a raw process (say why in a suppression ' +
      'comment), or when a test shows concurrent callers or restarts.',
    source: 'Elixir docs, "Processes" and GenServer guides; anti-patterns guide: "Unsupervised processes"',
    bad: `defmodule Counter do
  def start(n), do: spawn(fn -> loop(n) end)

  defp loop(n) do
    receive do
      {:inc, by} -> loop(n + by)
      {:get, from} ->
        send(from, {:count, n})
        loop(n)
    end
  end
end`,
    good: `defmodule Counter do
  def new(n), do: n
  def inc(n, by), do: n + by
  def get(n), do: n
end`,
  },
  check(mod, ctx) {
    if (mod.isTestFile) return;
    for (const h of mod.handles) {
      if (h.kind !== 'spawn' || !h.runs) continue;
      const loop = receiveLoop(mod, h.runs);
      if (loop) ctx.report({ messageId: 'server', at: h.r, data: { call: h.call, loop: h.runs, replies: loop.replies ? ' and replying with send' : '' } });
    }
  },
});
