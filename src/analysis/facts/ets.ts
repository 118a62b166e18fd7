// ETS operations (`:ets.new`, writes, reads) and, for each table created, where its id goes (OTP005, OTP006).
import { staticName } from './static-name';
import type { Call, Term } from '../parse/term';
import { atomValue, modName, varsIn, visit } from '../parse/term-queries';
import { callLabel, pathsTo } from './paths';
import type { EtsOp } from './ets-fact';
import { fnLabel, isTestCode, type ModuleFacts } from './types';

const WRITES = new Set([
  'insert',
  'insert_new',
  'delete',
  'delete_object',
  'delete_all_objects',
  'update_counter',
  'update_element',
  'select_delete',
  'select_replace',
  'match_delete',
  'take',
  'give_away',
  'rename',
  'setopts',
  'init_table',
  'from_dets',
]);
/** Calls that look at a value without keeping it: passing the table to them hands it to no one. */
const NEUTRAL = new Set(['assert', 'refute', 'is_reference', 'is_atom', 'is_tuple', 'is_integer', 'inspect']);
const CONTROL = new Set(['case', 'if', 'unless', 'cond', 'with', 'for', 'try', 'receive']);
/**
 * `:ets` calls that hand the table on: to a file in ETS's own format that other code loads with `:ets.file2tab`
 * (a test writing the registry file its code under test reads), to a DETS file, or to another process.
 */
const HANDS_ON = new Set(['tab2file', 'to_dets', 'give_away']);

/** Code holding ETS calls: a function clause or, in a test file, a `test`/`setup` block. */
interface Scope {
  kind: 'function' | 'test' | 'setup';
  label: string;
  /** For functions, the function's name (a setup can name it: `setup :create_table`). */
  name?: string;
  /** Function parameters, or the context pattern of a test or setup block. */
  params: Term[];
  body: Term[];
}

type Use = { kind: 'ets' | 'ignore' } | { kind: 'escape'; to: string } | { kind: 'context'; key: string };

/** `testBlocks`: the converted `test`/`setup` calls of a test module, when its tables must be followed through them. */
export function collectEts(mod: ModuleFacts, testBlocks: Term[] = []): EtsOp[] {
  if (!testBlocks.length && !mod.calls.some(({ call }) => modName(call) === ':ets')) return [];
  const setupFns = new Set<string>();
  const scopes: Scope[] = [];
  for (const f of mod.functions) {
    if (f.body) scopes.push({ kind: 'function', label: fnLabel(f), name: f.name, params: f.params, body: f.body });
  }
  for (const b of testBlocks) {
    if (b.t !== 'call') continue;
    const ctx = b.name === 'test' ? b.args[1] : b.args[0];
    // `setup :create_table` / `setup [:a, :b]`: functions of the module run as setup.
    if (b.name !== 'test' && !b.block) {
      for (const a of ctx?.t === 'list' ? ctx.items : [ctx]) {
        const n = atomValue(a);
        if (n) setupFns.add(n.slice(1));
      }
      continue;
    }
    const label = b.name === 'test' && b.args[0]?.t === 'lit' ? `test ${b.args[0].value}` : b.name;
    scopes.push({ kind: b.name === 'test' ? 'test' : 'setup', label, params: ctx && ctx.t !== 'lit' ? [ctx] : [], body: b.block?.do?.body ?? [] });
  }
  for (const s of scopes) if (s.kind === 'function' && setupFns.has(s.name!)) s.kind = 'setup';

  const out: EtsOp[] = [];
  for (const scope of scopes) {
    const bound = boundVars(scope.body);
    for (const path of pathsTo(scope.body, (t) => t.t === 'call' && modName(t) === ':ets')) {
      const call = path[path.length - 1] as Call;
      const op = call.name === 'new' ? 'new' : WRITES.has(call.name) ? 'write' : 'read';
      const e: EtsOp = {
        op,
        fn: call.name,
        table: call.args[0],
        name: staticName(call.args[0], mod),
        data: op === 'write' ? dataOf(call, path) : [],
        inFunction: scope.label,
        span: call.span,
      };
      if (op === 'new') {
        if (hasOption(call.args[1], mod, ':named_table')) {
          if (e.name) e.namedTable = e.name;
          else if (call.args[0]?.t === 'lit' && call.args[0].kind === 'atom' && call.args[0].dynamic) e.builtName = true;
        }
        if (hasOption(call.args[1], mod, ':public')) e.isPublic = true;
        e.boundTo = bound.get(call);
        e.handedTo = handedTo(e, call, scope, scopes, mod);
      }
      out.push(e);
    }
  }
  return out;
}

/**
 * The data a write puts in its table. Inside `for row <- rows` or `Enum.each(rows, &:ets.insert(t, &1))`
 * the collection stands for it when the written term is built only from the loop's variables.
 */
function dataOf(call: Call, path: Term[]): Term[] {
  const data = call.args.slice(1);
  const sources: Term[] = [];
  const loopVars = new Set<string>();
  let capture = false;
  let pending: { vars: Set<string>; capture: boolean; from: Term } | undefined;
  for (let i = path.length - 2; i >= 0; i--) {
    const a = path[i];
    if (a.t === 'fn') pending = { vars: varsIn(a.clauses.flatMap((c) => c.args)), capture: false, from: a };
    else if (a.t === 'unary' && a.op === '&') pending = { vars: new Set(), capture: true, from: a };
    else if (a.t === 'call' && (modName(a) === 'Enum' || modName(a) === 'Stream') && pending && a.args[1] === pending.from && a.args[0]) {
      sources.push(a.args[0]);
      for (const v of pending.vars) loopVars.add(v);
      capture ||= pending.capture;
      pending = undefined;
    } else if (a.t === 'call' && !a.mod && a.name === 'for') {
      for (const g of a.args) {
        if (g.t !== 'op' || g.op !== '<-') continue;
        sources.push(g.right);
        for (const v of varsIn([g.left])) loopVars.add(v);
      }
    }
  }
  if (!sources.length) return data;
  let fromLoop = true;
  visit(data, (t) => {
    if (!fromLoop) return false;
    if (t.t === 'var') fromLoop = loopVars.has(t.name);
    else if (t.t === 'unary') fromLoop = capture && t.op === '&' && t.arg.t === 'lit' && t.arg.kind === 'int';
    else if (t.t === 'call' || t.t === 'fn' || t.t === 'field' || t.t === 'access' || t.t === 'op' || t.t === 'other') fromLoop = false;
    return undefined;
  });
  return fromLoop ? sources : data;
}

/** `table = :ets.new(...)`: the calls whose result is bound to a variable. */
function boundVars(body: Term[]): Map<Term, string> {
  const out = new Map<Term, string>();
  visit(body, (t) => {
    if (t.t === 'op' && t.op === '=' && t.left.t === 'var') out.set(t.right, t.left.name);
  });
  return out;
}

function hasOption(opts: Term | undefined, mod: ModuleFacts, atom: string): boolean {
  const v = opts?.t === 'attr' && !opts.value ? mod.attributes.get(opts.name) : opts;
  return v?.t === 'list' && v.items.some((i) => atomValue(i) === atom);
}

/** Where the table of `e` (created in `scope`) is first used other than by an `:ets` call. */
function handedTo(e: EtsOp, created: Call, scope: Scope, scopes: Scope[], mod: ModuleFacts): string | undefined {
  // Not bound to a variable: where the `:ets.new` call itself goes (`%{table: :ets.new(...)}` in a setup).
  const self = e.boundTo ? undefined : created;
  // In lib code the name is everywhere (`__MODULE__` names the process too): only tests are followed by name.
  const byName = isTestCode(mod) && e.namedTable ? e.namedTable : undefined;
  const keys = new Set<string>();
  const follow = (s: Scope, vars: Set<string>, ctxVar?: string, depth = 0): string | undefined => {
    const matches = (t: Term, parent: Term | undefined): boolean => {
      if (t === self) return true;
      if (byName && staticName(t, mod) === byName) return true;
      if (t.t !== 'var') return t.t === 'field' && t.of.t === 'var' && t.of.name === ctxVar && keys.has(`:${t.name}`);
      return vars.has(t.name) || (t.name === ctxVar && parent?.t !== 'field');
    };
    for (const path of pathsTo(s.body, matches)) {
      const use = useAt(path, s, (call, i) => throughHelper(call, i, depth));
      if (use.kind === 'escape') return use.to;
      if (use.kind === 'context') keys.add(use.key);
    }
    return undefined;
  };
  // A local helper that only gives its argument to `:ets` calls keeps the table here:
  // `defp user(table, key), do: :ets.lookup_element(table, key, 2)`.
  const throughHelper = (call: Call, i: number, depth: number): string | undefined => {
    const clauses = mod.functions.filter((f) => f.name === call.name && f.arity === call.args.length);
    if (!clauses.length || depth >= 3 || clauses.some((f) => !f.body || f.params[i]?.t !== 'var')) return callLabel(call);
    for (const f of clauses) {
      const param = f.params[i].t === 'var' ? f.params[i].name : '';
      const to = follow({ kind: 'function', label: fnLabel(f), params: f.params, body: f.body! }, new Set([param]), undefined, depth + 1);
      if (to) return to;
    }
    return undefined;
  };
  const own = follow(scope, new Set(e.boundTo ? [e.boundTo] : []));
  if (own || (!keys.size && !byName)) return own;
  // Through the setup context (`%{table: table}`) into the module's tests, or by name anywhere in the test module.
  for (const s of scopes) {
    if (s === scope || (!byName && s.kind === 'function')) continue;
    const vars = new Set<string>();
    let ctxVar: string | undefined;
    for (const p of s.kind === 'function' ? [] : s.params) {
      visit([p], (t) => {
        if (t.t === 'var' && p === t) ctxVar = t.name;
        else if (t.t === 'op' && t.op === '=' && t.right.t === 'var') ctxVar = t.right.name;
        else if (t.t === 'pair' && t.value.t === 'var' && keys.has(atomValue(t.key) ?? '')) vars.add(t.value.name);
      });
    }
    const to = follow(s, vars, ctxVar);
    if (to) return to;
  }
  return undefined;
}

/**
 * How the term at the end of `path` (a statement of `scope` first) is used. `helper` says where a local
 * function given the table as its argument `i` hands it on (undefined: only to `:ets` calls).
 */
function useAt(path: Term[], scope: Scope, helper: (call: Call, i: number) => string | undefined): Use {
  const o = path[path.length - 1];
  let settled: 'ets' | 'ignore' | undefined;
  let inFn = false;
  for (let i = path.length - 2; i >= 0; i--) {
    const a = path[i];
    const child = path[i + 1];
    if (!settled && a.t === 'op' && (a.op === '=' || a.op === '<-') && a.left === child) return { kind: 'ignore' };
    if (a.t === 'fn' || (a.t === 'unary' && a.op === '&')) {
      inFn = true;
      continue;
    }
    if (a.t !== 'call') continue;
    const m = modName(a);
    if (inFn) {
      // A closure run here (Enum, for, on_exit) keeps the table in this process; any other may share it.
      if (m === 'Enum' || m === 'Stream' || (!m && (a.name === 'for' || a.name === 'on_exit'))) inFn = false;
      else return { kind: 'escape', to: `a function given to ${callLabel(a)}` };
      continue;
    }
    if (settled) continue;
    if (m === ':ets' && a.args[0] === child && child === o && HANDS_ON.has(a.name)) return { kind: 'escape', to: callLabel(a) };
    if (m === ':ets' && a.args[0] === child && child === o) settled = 'ets';
    else if (!m && (CONTROL.has(a.name) || NEUTRAL.has(a.name))) settled = 'ignore';
    else if (!a.mod && child === o && a.args.includes(o)) {
      const to = helper(a, a.args.indexOf(o));
      if (to) return { kind: 'escape', to };
      settled = 'ets';
    } else return { kind: 'escape', to: callLabel(a) };
  }
  if (settled) return { kind: settled };
  const root = path[0];
  if (root.t === 'op' && root.op === '=' && root.right === path[1]) return { kind: 'escape', to: 'another variable' };
  if (root !== scope.body[scope.body.length - 1] || scope.kind === 'test') return { kind: 'ignore' };
  if (scope.kind === 'function') return { kind: 'escape', to: `the caller of ${scope.label}` };
  for (let i = path.length - 2; i >= 0; i--) {
    const a = path[i];
    const key = a.t === 'pair' ? atomValue(a.key) : undefined;
    if (key) return { kind: 'context', key };
  }
  return { kind: 'escape', to: 'the setup context' };
}
