// OTP003's rewrite: a named Agent only ever read becomes its value. A literal initial value becomes a module
// attribute, a call (`fn -> Words.load() end`, `&Words.load/0`) a private function; each `Agent.get(Name, f)`
// becomes `f` applied to that value; `use Agent` and `start_link` go, and so does the Agent's entry in
// supervisor child lists and its `start_supervised`/`start_link` lines in tests. Refused when any mention of the
// module is not one of those or a call of one of its other functions.
import type { Span, Term } from '../parse/term';
import { isConstant, keyword, modName, varsIn, visit } from '../parse/term-queries';
import { childEntries, namesModule, testStarts, unexplainedMention } from './process-module';
import { deleteStatement } from './text';
import type { Rewrite, TextEdit } from './types';

const VALUE = 'value';

/** The text of `t` with each term `hole` picks replaced by `by`. */
function substitute(text: string, t: Term, hole: (x: Term) => boolean, by: string): string {
  const spans: Span[] = [];
  visit([t], (x) => {
    if (hole(x)) {
      spans.push(x.span);
      return false;
    }
    return undefined;
  });
  let out = text.slice(t.span.start, t.span.end);
  for (const r of spans.sort((a, b) => b.start - a.start)) out = out.slice(0, r.start - t.span.start) + by + out.slice(r.end - t.span.start);
  return out;
}

/** `&1`, `&2`...: the capture's arguments. */
const captureArg = (x: Term) => (x.t === 'unary' && x.op === '&' && x.arg.t === 'lit' && x.arg.kind === 'int' ? x.arg.value : undefined);
const isArg1 = (x: Term) => captureArg(x) === '1';

/** What reading the Agent with `f` gives, written over `value` (`@value` or `value()`); undefined when unsure. */
function applied(f: Term, value: string, text: string): string | undefined {
  if (f.t === 'unary' && f.op === '&') {
    const body = f.arg;
    // `&Words.random/1` → `Words.random(value)`
    if (body.t === 'op' && body.op === '/' && body.right.t === 'lit' && body.right.value === '1' && body.left.t === 'call' && !body.left.args.length) {
      return `${text.slice(body.left.span.start, body.left.span.end)}(${value})`;
    }
    // `& &1.currency`, `&Map.get(&1, :k)`: only `&1` may appear.
    let other = false;
    visit([body], (x) => void (captureArg(x) && !isArg1(x) && (other = true)));
    if (other) return undefined;
    const out = substitute(text, body, isArg1, value);
    return body.t === 'block' || body.t === 'call' || body.t === 'field' || body.t === 'access' ? out : `(${out})`;
  }
  if (f.t === 'fn' && f.clauses.length === 1 && f.clauses[0].body.length === 1 && f.clauses[0].args.length === 1 && f.clauses[0].args[0].t === 'var' && !f.clauses[0].guard) {
    const param = f.clauses[0].args[0].name;
    const body = f.clauses[0].body[0];
    let nested = false;
    visit([body], (x) => void ((x.t === 'fn' || (x.t === 'op' && x.op === '=')) && (nested = true)));
    if (nested) return undefined;
    const out = substitute(text, body, (x) => x.t === 'var' && x.name === param, value);
    return body.t === 'op' || body.t === 'unary' ? `(${out})` : out;
  }
  return undefined;
}

/** The definition replacing `start_link`: `@value <literal>` or `defp value, do: <call>`. */
function definition(init: Term, text: string): { def: string; use: string } | undefined {
  if (init.t === 'fn' && init.clauses.length === 1 && !init.clauses[0].args.length && init.clauses[0].body.length === 1) {
    const e = init.clauses[0].body[0];
    const code = text.slice(e.span.start, e.span.end);
    if (isConstant(e)) return { def: `@${VALUE} ${code}`, use: `@${VALUE}` };
    if (!varsIn([e]).size && e.t === 'call') return { def: `defp ${VALUE}, do: ${code}`, use: `${VALUE}()` };
    return undefined;
  }
  // `&Words.load/0`
  if (init.t === 'unary' && init.op === '&' && init.arg.t === 'op' && init.arg.op === '/' && init.arg.right.t === 'lit' && init.arg.right.value === '0' && init.arg.left.t === 'call' && !init.arg.left.args.length) {
    return { def: `defp ${VALUE}, do: ${text.slice(init.arg.left.span.start, init.arg.left.span.end)}()`, use: `${VALUE}()` };
  }
  return undefined;
}

export const agentToValue: Rewrite = {
  rule: 'OTP003',
  fix(finding, ctx) {
    const { mod } = ctx;
    const text = ctx.text(mod.file);
    if (!text || finding.messageId !== 'constant') return { skip: 'only an Agent that is never updated is rewritten' };
    const use = mod.uses.find((u) => u.name === 'Agent');
    const starts = mod.functions.filter((f) => f.name === 'start_link' || f.name === 'start');
    const start = starts.length === 1 ? starts[0] : undefined;
    const call = start?.body?.length === 1 && start.body[0].t === 'call' ? start.body[0] : undefined;
    const opts = call?.args[1];
    if (!use || !start || !call || modName(call) !== 'Agent' || call.name !== 'start_link' || call.args.length !== 2 || opts?.t !== 'list' || opts.items.length !== 1 || !namesModule(keyword(opts, 'name'), mod)) {
      return { skip: 'the Agent is not started by one `Agent.start_link(fun, name: __MODULE__)`' };
    }
    const def = definition(call.args[0], text);
    if (!def) return { skip: 'the initial value is neither a literal nor a call without variables' };
    if (mod.attributes.has(VALUE) || mod.functions.some((f) => f.name === VALUE)) return { skip: `the module already has a \`${VALUE}\`` };
    const edits: TextEdit[] = [];
    // Reads: every Agent call on it, in this module, must be a `get` whose function can be applied to the value.
    for (const other of ctx.modules) {
      for (const { call: c } of other.calls) {
        if (modName(c) !== 'Agent' || c === call) continue;
        const target = c.args[0];
        const aimed = other === mod ? namesModule(target, mod) : target?.t === 'alias' && target.name === mod.name;
        if (!aimed) continue;
        if (other !== mod) return { skip: `${other.name} reads the Agent directly` };
        const read = c.name === 'get' && c.args.length === 2 ? applied(c.args[1], def.use, text) : undefined;
        if (read === undefined) return { skip: `an \`Agent.${c.name}\` on it is not a read the rewrite can follow` };
        edits.push({ file: mod.file, start: c.span.start, end: c.span.end, newText: read });
      }
    }
    edits.push({ file: mod.file, start: start.span.start, end: start.span.end, newText: def.def }, deleteStatement(mod.file, text, use.span));
    edits.push(...childEntries(ctx, mod), ...testStarts(ctx, mod));
    const mention = unexplainedMention(ctx, mod, edits);
    if (mention) return { skip: mention };
    return { rule: 'OTP003', title: `Replace the Agent ${mod.name} with its value`, edits };
  },
};
