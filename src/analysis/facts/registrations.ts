// Registry registrations (`{:via, Registry, {Reg, key}}` names, `Registry.register/3`) and how registries are started (OTP009).
import { staticName } from './static-name';
import type { Span, Term, Tuple } from '../parse/term';
import { atomValue, keyword, modName, returnPoints } from '../parse/term-queries';
import { nameTuples } from './paths';
import { fnLabel, type FunctionClause, type ModuleFacts, type Registration } from './types';

/** The registry's name when written as an alias, an atom or an attribute holding one; `?` otherwise. */
export function registryName(t: Term | undefined, mod: ModuleFacts): string {
  return staticName(t, mod) ?? '?';
}

/** `{:via, Registry, {Reg, key}}` or `{:via, Registry, {Reg, key, value}}`: the registry and key terms. */
function viaSpec(t: Term): { reg: Term; key: Term } | undefined {
  if (t.t !== 'tuple' || atomValue(t.items[0]) !== ':via' || t.items[1]?.t !== 'alias' || t.items[1].name !== 'Registry') return undefined;
  const spec = t.items[2];
  return spec?.t === 'tuple' && spec.items[1] ? { reg: spec.items[0], key: spec.items[1] } : undefined;
}

/** A private function returning a via tuple built from its parameters: `defp via(id), do: {:via, Registry, {Reg, id}}`. */
interface ViaHelper {
  tuple: Tuple;
  params: Term[];
}

function viaHelpers(mod: ModuleFacts): Map<string, ViaHelper> {
  const out = new Map<string, ViaHelper>();
  const clauses = new Map<string, FunctionClause[]>();
  for (const f of mod.functions) clauses.set(fnLabel(f), [...(clauses.get(fnLabel(f)) ?? []), f]);
  for (const [label, [f, ...more]] of clauses) {
    if (more.length || !f.isPrivate || !f.body) continue;
    const [ret, ...others] = returnPoints(f.body);
    if (ret?.t === 'tuple' && !others.length && viaSpec(ret)) out.set(label, { tuple: ret, params: f.params });
  }
  return out;
}

/** The key with the helper's parameters replaced by the arguments of one call. */
function substitute(t: Term, args: Map<string, Term>): Term {
  switch (t.t) {
    case 'var':
      return args.get(t.name) ?? t;
    case 'tuple':
    case 'list':
      return { ...t, items: t.items.map((i) => substitute(i, args)) };
    case 'pair':
      return { ...t, key: substitute(t.key, args), value: substitute(t.value, args) };
    default:
      return t;
  }
}

export function collectRegistrations(mod: ModuleFacts): Registration[] {
  const out: Registration[] = [];
  const hasVia = mod.functions.some((f) => f.body && nameTuples(f.body).tuples.some((t) => viaSpec(t)));
  const helpers = hasVia ? viaHelpers(mod) : new Map<string, ViaHelper>();
  const helperTuples = new Set<Term>([...helpers.values()].map((h) => h.tuple));
  const nameAttrs = new Set<string>();
  const add = (f: FunctionClause, t: Term, key: Term, reg: Term, how: Registration['how']) => {
    // `def start_link(key), do: GenServer.start_link(__MODULE__, [], name: via(key))`: the key comes from the child spec.
    const keyFromStart = f.name === 'start_link' && f.arity === 1 && key.t === 'var' && f.params[0]?.t === 'var' && f.params[0].name === key.name;
    const asName = !!f.body && nameTuples(f.body).names.has(t);
    out.push({ registry: registryName(reg, mod), key, how, asName: asName || undefined, keyFromStart: keyFromStart || undefined, inFunction: fnLabel(f), span: t.span });
  };
  for (const f of mod.functions) {
    if (!f.body) continue;
    const { tuples, names } = nameTuples(f.body);
    for (const n of names) if (n.t === 'attr' && !n.value) nameAttrs.add(n.name);
    for (const t of tuples) {
      const via = viaSpec(t);
      if (via && !helperTuples.has(t)) add(f, t, via.key, via.reg, 'via');
    }
  }
  for (const { call, fn } of mod.calls) {
    const helper = call.mod ? undefined : helpers.get(`${call.name}/${call.args.length}`);
    if (helper) {
      const args = new Map<string, Term>();
      helper.params.forEach((p, i) => p.t === 'var' && args.set(p.name, call.args[i]));
      const spec = viaSpec(helper.tuple)!;
      add(fn, call, substitute(spec.key, args), spec.reg, 'via');
    } else if (modName(call) === 'Registry' && call.name === 'register' && call.args.length === 3) add(fn, call, call.args[1], call.args[0], 'register');
  }
  // `@name {:via, Registry, {Chat.Registry, :lobby}}`, used as `name: @name`.
  for (const [attr, value] of mod.attributes) {
    const via = viaSpec(value);
    if (via) out.push({ registry: registryName(via.reg, mod), key: via.key, how: 'via', asName: nameAttrs.has(attr) || undefined, inFunction: `@${attr}`, span: value.span });
  }
  return out;
}

/**
 * The registries a module starts, with their `keys:` option (`unique`, `duplicate`) and where: from child
 * specs (`{Registry, keys: :unique, name: R}`, `{Registry, :start_link, [opts]}`) and `Registry.start_link/child_spec`.
 */
export function registriesStarted(mod: ModuleFacts): Map<string, { keys: string; span: Span }> {
  const out = new Map<string, { keys: string; span: Span }>();
  const add = (opts: Term | undefined, r: Span) => {
    const name = keyword(opts, 'name');
    const keys = keyword(opts, 'keys');
    if (!name) return;
    // `keys: {:duplicate, :pid}` partitions a duplicate registry.
    const k = keys?.t === 'tuple' ? atomValue(keys.items[0]) : atomValue(keys);
    out.set(registryName(name, mod), { keys: k?.slice(1) ?? '?', span: r });
  };
  for (const f of mod.functions) {
    if (!f.body) continue;
    for (const t of nameTuples(f.body).tuples) {
      if (t.items[0]?.t !== 'alias') continue;
      // `{Registry, keys: :unique, name: R}`: a keyword tail is spread into the tuple's items.
      if (t.items[1]?.t === 'pair') add({ t: 'list', items: t.items.slice(1), span: t.span }, t.span);
      else if (t.items.length === 2) add(t.items[1], t.span);
      else if (atomValue(t.items[1]) === ':start_link' && t.items[2]?.t === 'list') add(t.items[2].items[0], t.span);
    }
  }
  for (const { call } of mod.calls) {
    if (modName(call) === 'Registry' && (call.name === 'start_link' || call.name === 'child_spec')) add(call.args[0], call.span);
  }
  return out;
}
