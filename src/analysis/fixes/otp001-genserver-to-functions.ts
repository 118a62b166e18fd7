// OTP001's rewrite: a GenServer that holds nothing becomes a module of plain functions. Each client function
// `GenServer.call/cast(Name, msg)` gets the body of the handle_call/handle_cast clause its message surely
// selects, with the clause's pattern variables renamed to the client's (or bound to what the message computes),
// each `{:reply, value, state}` written as `value` and each `{:noreply, state}` as `:ok`. `use GenServer`,
// `start_link`, `init`, `child_spec` and the callbacks go, and so do the server's entry in supervisor child lists
// and its start in tests. Refused as soon as anything is uncertain: another way to reach the process, a clause
// that might match first, a state the callbacks touch, code that needs the process (self(), timers, replies).
import type { Callback, FunctionClause, ModuleFacts } from '../facts/types';
import { fnLabel } from '../facts/types';
import type { Call, Span, Term } from '../parse/term';
import { callsIn, isRemote, keyword, modName, visit } from '../parse/term-queries';
import { childEntries, escape, namesModule, testStarts, unexplainedMention } from './process-module';
import { deleteLines, lineIndent, reindented, rewritten, startsLine } from './text';
import type { Rewrite, TextEdit } from './types';

const START = ['start_link', 'start'];
/** What only a process can do: its code moved into the caller would do something else. */
const PROCESS_ONLY = new Set(['GenServer', 'Process', ':sys', ':erlang', ':timer']);

/** The name the server registers under: the module (`__MODULE__`, its alias, `@name`) or an atom. */
type Registered = { atom?: string };

/** Every start function is one `GenServer.start_link(__MODULE__, arg, name: N)`; the N they share. */
function registeredName(mod: ModuleFacts, starts: FunctionClause[]): Registered | undefined {
  let atom: string | undefined | null = null;
  for (const f of starts) {
    const call = f.body?.length === 1 ? f.body[0] : undefined;
    if (!call || !isRemote(call, 'GenServer', START) || call.args.length !== 3 || !namesModule(call.args[0], mod)) return undefined;
    const name = keyword(call.args[2], 'name');
    const it = namesModule(name, mod) ? undefined : name?.t === 'lit' && name.kind === 'atom' && !name.dynamic ? name.value : null;
    if (it === null || (atom !== null && atom !== it)) return undefined;
    atom = it;
  }
  return atom === null ? undefined : { atom };
}

const aims = (t: Term | undefined, mod: ModuleFacts, reg: Registered) =>
  reg.atom === undefined ? namesModule(t, mod) : t?.t === 'lit' && t.kind === 'atom' && t.value === reg.atom;

/** `init` only returns `{:ok, state}` with a state built from nothing (no call whose effect would be lost). */
function plainInit(f: FunctionClause): boolean {
  const ret = f.body?.length === 1 ? f.body[0] : undefined;
  return ret?.t === 'tuple' && ret.items.length === 2 && ret.items[0].t === 'lit' && ret.items[0].value === ':ok' && !callsIn([ret]).length;
}

/** Every variable name under the roots, `_`-prefixed ones included. */
function namesIn(roots: Term[]): Set<string> {
  const out = new Set<string>();
  visit(roots, (t) => void (t.t === 'var' && out.add(t.name)));
  return out;
}

type Binding = { name: string; value: Term };

/** Whether `pattern` matches `value` whatever the client's variables hold, never does, or may. */
function match(pattern: Term, value: Term, out: Binding[]): 'sure' | 'never' | 'maybe' {
  if (pattern.t === 'var') {
    if (pattern.name !== '_') out.push({ name: pattern.name, value });
    return 'sure';
  }
  const literal = (t: Term) => t.t === 'lit' && !t.dynamic;
  if (pattern.t === 'lit' && !pattern.dynamic) {
    if (literal(value)) return value.t === 'lit' && value.kind === pattern.kind && value.value === pattern.value ? 'sure' : 'never';
    return value.t === 'tuple' || value.t === 'list' || value.t === 'map' ? 'never' : 'maybe';
  }
  if (pattern.t === 'tuple' || pattern.t === 'list') {
    if (literal(value) || (value.t !== pattern.t && (value.t === 'tuple' || value.t === 'list'))) return 'never';
    if (value.t !== pattern.t) return 'maybe';
    // A list pattern's `[h | t]` is not one element per item: only plain items are compared.
    if (pattern.items.some((p) => p.t === 'op' && p.op === '|') || value.items.some((v) => v.t === 'op' && v.op === '|')) return 'maybe';
    if (value.items.length !== pattern.items.length) return 'never';
    const each = pattern.items.map((p, i) => match(p, value.items[i], out));
    return each.includes('never') ? 'never' : each.includes('maybe') ? 'maybe' : 'sure';
  }
  return 'maybe';
}

/** The callback clause a message surely selects, with its pattern's variables; a reason when none surely does. */
function handlerFor(clauses: Callback[], msg: Term): { cb: Callback; bindings: Binding[] } | string {
  for (const cb of clauses) {
    const bindings: Binding[] = [];
    const m = match(cb.clause.params[0], msg, bindings);
    if (m === 'never') continue;
    if (m === 'maybe' || cb.clause.guard) return `whether ${cb.name} at line ${cb.clause.span.line + 1} takes the message is not certain`;
    if (new Set(bindings.map((b) => b.name)).size !== bindings.length) return `the pattern of ${cb.name} at line ${cb.clause.span.line + 1} repeats a variable`;
    return { cb, bindings };
  }
  return 'no callback clause takes the message';
}

/**
 * The callback's body as the client's statements: variables renamed or bound, replies as values. Undefined
 * (with a reason) when it uses the process, the caller's `from`, its state, or returns anything else.
 */
function inlinedBody(text: string, client: FunctionClause, kind: 'call' | 'cast', { cb, bindings }: { cb: Callback; bindings: Binding[] }): { lines: string[] } | string {
  const fn = cb.clause;
  const body = fn.body ?? [];
  if (!body.length || body.some((t) => t.t === 'block' && t.span.start === fn.span.start)) return `${cb.name} has rescue/after sections`;
  if (cb.readsState) return `${cb.name} reads its state`;
  const from = kind === 'call' ? fn.params[1] : undefined;
  if (from?.t === 'var' && !from.name.startsWith('_') && namesIn(body).has(from.name)) return `${cb.name} uses the caller's \`from\``;
  if (from && from.t !== 'var') return `${cb.name} matches on \`from\``;
  const used = callsIn(body).find((c) => (c.mod ? PROCESS_ONLY.has(modName(c) ?? '') : ['self', 'send', 'receive', 'spawn', 'spawn_link'].includes(c.name)));
  if (used) return `${cb.name} calls ${used.mod ? `${modName(used)}.` : ''}${used.name}, which needs the process`;
  const replies: { span: Span; by: string }[] = [];
  for (const ret of cb.returns) {
    const size = kind === 'call' ? 3 : 2;
    const tuple = findAt(body, ret.span);
    if (ret.tag !== (kind === 'call' ? ':reply' : ':noreply') || !ret.stateUnchanged || tuple?.t !== 'tuple' || tuple.items.length !== size) {
      return `${cb.name} at line ${fn.span.line + 1} returns something other than ${kind === 'call' ? '{:reply, value, state}' : '{:noreply, state}'}`;
    }
    replies.push({ span: ret.span, by: kind === 'call' ? '' : ':ok' });
  }
  // Pattern variables: the client's own variable when the message passes one, else bound to what it computes.
  const clientNames = namesIn([...client.params, ...(client.body ?? [])]);
  const inBody = namesIn(body);
  const renames = new Map<string, string>();
  const lines: string[] = [];
  for (const { name, value } of bindings) {
    if (value.t === 'var' && value.name === name) continue;
    if (value.t === 'var' && !value.name.startsWith('_')) renames.set(name, value.name);
    else if (!inBody.has(name)) {
      if (callsIn([value]).length) return `the message computes ${text.slice(value.span.start, value.span.end)}, which ${cb.name} ignores`;
    } else if (clientNames.has(name)) return `\`${name}\` names both a client variable and a pattern variable of ${cb.name}`;
    else lines.push(`${name} = ${text.slice(value.span.start, value.span.end)}`);
  }
  const targets = [...renames.values()];
  if (new Set(targets).size !== targets.length || targets.some((t) => inBody.has(t) && !renames.has(t))) {
    return `renaming the variables of ${cb.name} to the client's would clash`;
  }
  const swaps: { span: Span; by: string }[] = [];
  visit(body, (t) => void (t.t === 'var' && renames.has(t.name) && swaps.push({ span: t.span, by: renames.get(t.name)! })));
  // A reply is the text of its value, with the renames inside it.
  const edits = replies.map((rep) => {
    if (rep.by) return rep;
    const value = (findAt(body, rep.span) as Term & { t: 'tuple' }).items[1];
    return { span: rep.span, by: rewritten(text, value.span, swaps) };
  });
  const all = [...edits, ...swaps.filter((s) => !edits.some((e) => e.span.start <= s.span.start && s.span.end <= e.span.end))];
  // The body's lines (with the comments right above its first statement) without its own indentation: the
  // client's is added where it lands.
  const first = body[0].span;
  let start = first.start;
  if (startsLine(text, start)) {
    for (let line = text.lastIndexOf('\n', start - 1); line > fn.head.end; ) {
      const prev = text.lastIndexOf('\n', line - 1) + 1;
      const comment = /^([ \t]*)#/.exec(text.slice(prev, line));
      if (!comment) break;
      start = prev + comment[1].length;
      line = prev - 1;
    }
  }
  const from0 = startsLine(text, first.start) ? first.col : lineIndent(text, first.start).length;
  lines.push(...reindented(rewritten(text, { start, end: body[body.length - 1].span.end }, all), from0, '').split('\n'));
  return { lines };
}

/** The term whose span is exactly `r`. */
function findAt(roots: Term[], r: Span): Term | undefined {
  let out: Term | undefined;
  visit(roots, (t) => {
    if (out || t.span.end < r.start || t.span.start > r.end) return false;
    if (t.span.start === r.start && t.span.end === r.end && t.t === 'tuple') out = t;
    return !out;
  });
  return out;
}

/** The edit that gives the client the body instead of its process call. */
function clientEdit(file: string, text: string, client: FunctionClause, call: Call, lines: string[]): TextEdit {
  const headEnd = client.guard ? client.guard.span.end : client.head.end;
  const keywordForm = /^\s*,\s*do:\s*$/.test(text.slice(headEnd, client.body![0].span.start));
  if (keywordForm && lines.length === 1) return { file, start: call.span.start, end: call.span.end, newText: lines[0] };
  if (keywordForm) {
    const indent = lineIndent(text, client.span.start);
    return { file, start: headEnd, end: client.span.end, newText: ` do\n${lines.map((l) => (l ? `${indent}  ${l}` : '')).join('\n')}\n${indent}end` };
  }
  const indent = lineIndent(text, call.span.start);
  return { file, start: call.span.start, end: call.span.end, newText: lines.map((l, i) => (i && l ? indent + l : l)).join('\n') };
}

/** A clause's span widened up to the `@impl`/`@doc`/`@spec` lines right above it. */
function withAttributes(text: string, r: Span): Pick<Span, 'start' | 'end'> {
  let start = text.lastIndexOf('\n', r.start - 1) + 1;
  for (;;) {
    const prevStart = text.lastIndexOf('\n', start - 2) + 1;
    const prev = text.slice(prevStart, Math.max(start - 1, prevStart));
    if (start === 0 || !/^[ \t]*@(?:impl|doc|spec)\b/.test(prev)) {
      // A `@doc """ ... """` heredoc ends with a line of its own.
      if (start > 0 && /^[ \t]*"""[ \t]*$/.test(prev)) {
        const open = text.lastIndexOf('@doc """', prevStart);
        if (open !== -1 && !text.slice(open + 8, prevStart).includes('"""')) {
          start = text.lastIndexOf('\n', open - 1) + 1;
          continue;
        }
      }
      return { start, end: r.end };
    }
    start = prevStart;
  }
}

export const genServerToFunctions: Rewrite = {
  rule: 'OTP001',
  fix(finding, ctx) {
    const { mod } = ctx;
    const text = ctx.text(mod.file);
    const use = mod.uses.find((u) => u.name === 'GenServer');
    if (!text || !use || finding.messageId !== 'stateless') return { skip: 'the GenServer was not found' };
    const starts = mod.functions.filter((f) => START.includes(f.name));
    const reg = registeredName(mod, starts);
    if (!starts.length || !reg) return { skip: 'the GenServer is not started under one name by its own `GenServer.start_link(__MODULE__, arg, name: ...)`' };
    const inits = mod.functions.filter((f) => f.name === 'init' && f.arity === 1);
    if (!inits.every(plainInit)) return { skip: '`init` does more than return a state' };
    const other = mod.callbacks.find((c) => !['init', 'handle_call', 'handle_cast'].includes(c.name));
    if (other) return { skip: `it defines ${fnLabel(other)}` };
    // A call's timeout only bounds the wait, which a plain function call does not have.
    if (mod.timers.some((t) => t.kind !== 'call-timeout')) return { skip: 'it runs a timer' };
    const handlers = (name: string) => mod.callbacks.filter((c) => c.name === name);
    const edits: TextEdit[] = [];
    const served = new Set<Call>(starts.map((f) => f.body![0] as Call));
    for (const client of mod.functions) {
      const calls = mod.processCalls.filter((p) => !served.has(p.call) && client.span.start <= p.span.start && p.span.end <= client.span.end);
      if (!calls.length || START.includes(client.name) || client.name.startsWith('handle_')) continue;
      const call = calls[0].call;
      const last = client.body?.[client.body.length - 1];
      const kind = call.name === 'call' || call.name === 'cast' ? call.name : undefined;
      if (calls.length > 1 || last !== call || modName(call) !== 'GenServer' || !kind || call.piped || !aims(call.args[0], mod, reg) || call.args.length > (kind === 'call' ? 3 : 2)) {
        return { skip: `${fnLabel(client)} reaches the process other than by one GenServer.call/cast as its last statement` };
      }
      const timeout = call.args[2];
      if (timeout && !(timeout.t === 'lit' && (timeout.kind === 'int' || timeout.value === ':infinity'))) return { skip: `${fnLabel(client)} passes a timeout the rewrite cannot drop` };
      const chosen = handlerFor(handlers(`handle_${kind}`), call.args[1]);
      if (typeof chosen === 'string') return { skip: `${fnLabel(client)}: ${chosen}` };
      const body = inlinedBody(text, client, kind, chosen);
      if (typeof body === 'string') return { skip: body };
      edits.push(clientEdit(mod.file, text, client, call, body.lines));
      for (const c of calls) served.add(c.call);
    }
    if (!edits.length) return { skip: 'no client function calls the server by its name' };
    const stray = mod.processCalls.find((p) => !served.has(p.call));
    if (stray) return { skip: `${stray.inFunction} reaches the process in a way the rewrite cannot follow` };
    // The process's own code goes: its start, init, child_spec, callbacks and `use GenServer`.
    const gone = mod.functions.filter((f) => [...START, 'init', 'child_spec', 'handle_call', 'handle_cast'].includes(f.name));
    const ranges = [use.span, ...gone.map((f) => withAttributes(text, f.span))];
    // `@name __MODULE__` with no use left.
    for (const [attr, value] of mod.attributes) {
      if (!namesModule(value, mod)) continue;
      const uses = [...text.slice(mod.span.start, mod.span.end).matchAll(new RegExp(`@${escape(attr)}\\b(?![ \\t]+(?:__MODULE__|[A-Z]))`, 'g'))].map((m) => mod.span.start + m.index!);
      const left = uses.filter((at) => !edits.some((e) => e.start <= at && at < e.end) && !ranges.some((r) => r.start <= at && at < r.end));
      const def = new RegExp(`^[ \\t]*@${escape(attr)}[ \\t]+[^\\n]*$`, 'm').exec(text.slice(mod.span.start, mod.span.end));
      if (!left.length && def) ranges.push({ start: mod.span.start + def.index, end: mod.span.start + def.index + def[0].length });
    }
    edits.push(...deleteLines(mod.file, text, ranges), ...childEntries(ctx, mod), ...testStarts(ctx, mod));
    const mention = unexplainedMention(ctx, mod, edits, reg.atom);
    if (mention) return { skip: mention };
    return { rule: 'OTP001', title: `Turn the GenServer ${mod.name} into plain functions`, edits };
  },
};
