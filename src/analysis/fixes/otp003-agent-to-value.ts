// OTP003's rewrite: a named Agent only ever read becomes its value. A literal initial value becomes a module
// attribute, a call (`fn -> Words.load() end`, `&Words.load/0`) a private function; each `Agent.get(Name, f)`
// becomes `f` applied to that value; `use Agent` and `start_link` go, and so does the Agent's entry in
// supervisor child lists and its `start_supervised`/`start_link` lines in tests. Refused when any mention of the
// module is not one of those or a call of one of its other functions.
import type { ModuleFacts } from '../facts/types';
import type { Span, Term } from '../parse/term';
import { isConstant, keyword, modName, varsIn, visit } from '../parse/term-queries';
import { deleteStatement, startsLine } from './text';
import type { Rewrite, RewriteContext, TextEdit } from './types';

const VALUE = 'value';

/** `__MODULE__`, the module's name, or an attribute of the module set to it (`@name __MODULE__`). */
function namesModule(t: Term | undefined, mod: ModuleFacts): boolean {
  if (t?.t === 'alias') return t.name === mod.name;
  if (t?.t === 'attr' && !t.value) {
    const v = mod.attributes.get(t.name);
    return v?.t === 'alias' && v.name === mod.name;
  }
  return false;
}

/** The text of `t` with each term `hole` picks replaced by `by`. */
function substitute(text: string, t: Term, hole: (x: Term) => boolean, by: string): string {
  const spans: Span[] = [];
  visit([t], (x) => {
    if (hole(x)) {
      spans.push(x.r);
      return false;
    }
    return undefined;
  });
  let out = text.slice(t.r.start, t.r.end);
  for (const r of spans.sort((a, b) => b.start - a.start)) out = out.slice(0, r.start - t.r.start) + by + out.slice(r.end - t.r.start);
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
      return `${text.slice(body.left.r.start, body.left.r.end)}(${value})`;
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
    const code = text.slice(e.r.start, e.r.end);
    if (isConstant(e)) return { def: `@${VALUE} ${code}`, use: `@${VALUE}` };
    if (!varsIn([e]).size && e.t === 'call') return { def: `defp ${VALUE}, do: ${code}`, use: `${VALUE}()` };
    return undefined;
  }
  // `&Words.load/0`
  if (init.t === 'unary' && init.op === '&' && init.arg.t === 'op' && init.arg.op === '/' && init.arg.right.t === 'lit' && init.arg.right.value === '0' && init.arg.left.t === 'call' && !init.arg.left.args.length) {
    return { def: `defp ${VALUE}, do: ${text.slice(init.arg.left.r.start, init.arg.left.r.end)}()`, use: `${VALUE}()` };
  }
  return undefined;
}

/** Removes a list element with the comma that separates it from its neighbour. */
function removeElement(file: string, text: string, el: Span): TextEdit {
  // On a line of its own: the line goes (a comma left on the element before is allowed in Elixir).
  const rest = /^[ \t]*,?[ \t]*\n/.exec(text.slice(el.end));
  if (rest && startsLine(text, el.start)) return { file, start: text.lastIndexOf('\n', el.start - 1) + 1, end: el.end + rest[0].length, newText: '' };
  const after = /^\s*,\s*/.exec(text.slice(el.end));
  if (after) return { file, start: el.start, end: el.end + after[0].length, newText: '' };
  const before = /,\s*$/.exec(text.slice(0, el.start));
  return { file, start: el.start - (before?.[0].length ?? 0), end: el.end, newText: '' };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `start_supervised!(Mod)`, `start_supervised({Mod, x})`, `{:ok, _} = Mod.start_link(...)` lines of a test file. */
function testStartLines(file: string, text: string, names: string[]): TextEdit[] {
  const name = `(?:${names.map(escape).join('|')})`;
  const line = new RegExp(`^[ \\t]*(?:start_supervised!?\\((?:${name}|\\{${name},[^\\n]*\\})\\)|(?:\\{:ok, _\\w*\\} = )?${name}\\.start_link\\([^\\n]*\\))[ \\t]*\\n`, 'gm');
  return [...text.matchAll(line)].map((m) => ({ file, start: m.index!, end: m.index! + m[0].length, newText: '' }));
}

/**
 * Every mention of the module's name must be its definition, an alias directive, a call of another of its
 * functions, a `to:` of defdelegate, or inside an edit: otherwise something still needs the process.
 */
function unexplainedMention(ctx: RewriteContext, mod: ModuleFacts, edits: TextEdit[]): string | undefined {
  const short = mod.name.split('.').pop()!;
  for (const file of ctx.files) {
    const text = ctx.text(file) ?? '';
    const aliased = new RegExp(`\\balias ${escape(mod.name)}\\b(?!\\.)(?!, as:)`).test(text);
    const name = new RegExp(`(?<![\\w.])(?:${escape(mod.name)}${aliased ? `|${escape(short)}` : ''})\\b(?!\\.[A-Z])`, 'g');
    for (const m of text.matchAll(name)) {
      const at = m.index!;
      const end = at + m[0].length;
      if (edits.some((e) => e.file === file && e.start <= at && end <= e.end)) continue;
      const before = text.slice(Math.max(0, at - 10), at);
      const after = text.slice(end, end + 40);
      if (/(?:defmodule|alias) $/.test(before) || /to: $/.test(before)) continue;
      const call = /^\.([a-z_]\w*[?!]?)/.exec(after);
      if (call && !['start_link', 'start', 'child_spec'].includes(call[1])) continue;
      return `${file} mentions ${m[0]} in a way the rewrite cannot follow`;
    }
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
        edits.push({ file: mod.file, start: c.r.start, end: c.r.end, newText: read });
      }
    }
    edits.push({ file: mod.file, start: start.r.start, end: start.r.end, newText: def.def }, deleteStatement(mod.file, text, use.r));
    // Its entry in supervisor child lists.
    for (const other of ctx.modules) {
      const otherText = ctx.text(other.file) ?? '';
      for (const list of other.childLists) {
        for (const child of list.children ?? []) {
          const named = child.t === 'alias' ? child : child.t === 'tuple' && child.items.length === 2 ? child.items[0] : undefined;
          if (named?.t === 'alias' && named.name === mod.name) edits.push(removeElement(other.file, otherText, child.r));
        }
      }
    }
    // Tests that start it.
    const short = mod.name.split('.').pop()!;
    for (const file of ctx.files.filter((f) => f.endsWith('.exs'))) {
      const t = ctx.text(file) ?? '';
      const names = new RegExp(`\\balias ${escape(mod.name)}\\b(?!\\.)(?!, as:)`).test(t) ? [mod.name, short] : [mod.name];
      edits.push(...testStartLines(file, t, names));
    }
    const mention = unexplainedMention(ctx, mod, edits);
    if (mention) return { skip: mention };
    return { rule: 'OTP003', title: `Replace the Agent ${mod.name} with its value`, edits };
  },
};
