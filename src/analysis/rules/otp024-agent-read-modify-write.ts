// OTP024: an Agent read and then written in two calls, the write computed from the read: a race.
import { agentAccess, sameHandle } from '../facts/agents';
import { derivedFromVars, originsOf, mentions } from '../facts/flow';
import type { FunctionClause, ModuleFacts } from '../facts/types';
import type { Call, Term } from '../parse/term';
import { returnPoints, visit } from '../parse/term-queries';
import { recurses } from '../facts/summaries';
import { defineRule, ANTI_PATTERN } from './define';

interface Access {
  op: 'read' | 'write';
  handle: Term;
  call: Call;
}

function accessesIn(fn: FunctionClause, mod: ModuleFacts): Access[] {
  const out: Access[] = [];
  visit(fn.body ?? [], (t) => {
    if (t.t === 'fn') return false; // a closure's calls run later, or in another process
    if (t.t === 'call') {
      const a = agentAccess(t, mod);
      if (a) out.push({ ...a, call: t });
    }
    return undefined;
  });
  return out.sort((a, b) => a.call.span.start - b.call.span.start);
}

/** Variables holding what a read returned. */
function boundFrom(read: Call, fn: FunctionClause): string[] {
  const out: string[] = [];
  visit(fn.body ?? [], (t) => {
    if (t.t === 'op' && t.op === '=' && t.left.t === 'var' && originsOf(t.left, fn).some((o) => 'term' in o && o.term === read)) out.push(t.left.name);
  });
  return out;
}

export default defineRule({
  id: 'OTP024',
  name: 'agent-read-modify-write',
  severity: ANTI_PATTERN,
  justifiedBy: [],
  messages: {
    readThenWrite: 'The Agent is read here and written at line {line} from what was read: another caller can update it in between. Use Agent.get_and_update/3 (or Agent.update/3 with the whole computation).',
    writeThenRead: 'The Agent is written here and read again at line {line} to return the new value: another caller can change it in between. Return it from Agent.get_and_update/3.',
  },
  explanation: {
    what: 'An Agent read with one call and written with another whose value depends on the read, directly or through variables the function computes from it (`new_balance = balance + amount`) (or written, then read back to return the result).',
    why:
      'Each Agent call is atomic; two calls are not. Between the `get` and the `update`, another process can update ' +
      'the Agent, and the write then overwrites its change (a lost update: two withdrawals both pass the balance ' +
      'check). `Agent.get_and_update/3` or a single `Agent.update/3` that does the whole computation runs it inside ' +
      'the Agent, in one step. In any phase this is a bug waiting for a second caller; in GREEN, a struct passed ' +
      'as an argument avoids the process altogether.',
    source: 'Elixir docs, Agent ("a client/server" note on get_and_update); OTP Advisor',
    bad: `defmodule Account do
  def withdraw(account, amount) do
    balance = Agent.get(account, & &1)
    if balance >= amount, do: Agent.update(account, fn _ -> balance - amount end)
  end
end`,
    good: `defmodule Account do
  def withdraw(account, amount) do
    Agent.get_and_update(account, fn
      balance when balance >= amount -> {:ok, balance - amount}
      balance -> {{:error, :insufficient_funds}, balance}
    end)
  end
end`,
  },
  check(mod, ctx) {
    if (mod.isTestFile) return;
    for (const fn of mod.functions) {
      // A recursive function reading and writing an Agent is a memo table: OTP014's finding.
      if (!fn.body || recurses(fn)) continue;
      const accesses = accessesIn(fn, mod);
      const returned = new Set(returnPoints(fn.body));
      for (let i = 0; i < accesses.length; i++) {
        const a = accesses[i];
        const later = accesses.slice(i + 1).filter((b) => sameHandle(a.handle, b.handle));
        if (a.op === 'read') {
          // What was read, and what the clause computes from it before writing (`new_bal = bal + n`).
          const read = [...derivedFromVars(fn, boundFrom(a.call, fn))];
          const write = later.find((b) => b.op === 'write' && read.some((v) => b.call.args.slice(1).some((x) => mentions(x, v))));
          if (write) {
            ctx.report({ messageId: 'readThenWrite', at: a.call.span, data: { line: String(write.call.span.line + 1) } });
            break;
          }
        } else {
          const back = later.find((b) => b.op === 'read' && (returned.has(b.call) || boundFrom(b.call, fn).length > 0));
          if (back) {
            ctx.report({ messageId: 'writeThenRead', at: a.call.span, data: { line: String(back.call.span.line + 1) } });
            break;
          }
        }
      }
    }
  },
});
