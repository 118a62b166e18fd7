// OTP009: a Registry that only ever holds one literal key across the project: one process, one name.
import { reachesOwn } from '../facts/own-process';
import { registriesStarted, registryName } from '../facts/registrations';
import { isTestCode, type ModuleFacts, type Registration } from '../facts/types';
import type { Span, Term } from '../parse/term';
import { isConstant, modName } from '../parse/term-queries';
import { termText } from '../parse/term-text';
import type { ProjectIndex } from '../project-index';
import { defineRule, PREMATURE } from './define';

/** A constant key written out, so that `:cart` in two places compares equal; `?` when it cannot be. */
const keyText = (t: Term): string => termText(t, '?');

interface Site {
  reg: Registration;
  owner: ModuleFacts;
}

interface Finding {
  registry: string;
  key: string;
  /** Where the registry is started, or else its first registration. */
  anchor: { owner: ModuleFacts; span: Span };
  sites: Site[];
}

/** The argument a child spec or a start call passes to `Mod.start_link/1`. */
function startArg(spec: Term, mod: string): Term | undefined {
  if (spec.t === 'alias' && spec.name === mod) return { t: 'list', items: [], span: spec.span };
  if (spec.t === 'tuple' && spec.items[0]?.t === 'alias' && spec.items[0].name === mod && spec.items.length === 2) return spec.items[1];
  if (spec.t === 'call' && modName(spec) === mod && spec.name === 'child_spec') return spec.args[0];
  if (spec.t === 'call' && modName(spec) === 'Supervisor' && spec.name === 'child_spec' && spec.args[0]) return startArg(spec.args[0], mod);
  return undefined;
}

/** Every argument the project starts `mod` with, from child lists and start calls; undefined when none is seen. */
function startArgs(project: ProjectIndex, mod: string): Term[] | undefined {
  const out: Term[] = [];
  for (const m of project.modules) {
    if (isTestCode(m)) continue;
    for (const list of m.childLists) for (const c of list.children ?? []) {
      const a = startArg(c, mod);
      if (a) out.push(a);
    }
    for (const { call } of m.calls) {
      if (modName(call) === mod && call.name === 'start_link' && call.args.length === 1) out.push(call.args[0]);
      if (modName(call) === 'DynamicSupervisor' && call.name === 'start_child' && call.args[1]) {
        const a = startArg(call.args[1], mod);
        if (a) out.push(a);
      }
    }
  }
  return out.length ? out : undefined;
}

/** Registry calls that use it as a data store (metadata, selects, counts) rather than only to name processes. */
const AS_STORE = ['put_meta', 'meta', 'delete_meta', 'select', 'count', 'count_match', 'count_select', 'match', 'keys', 'values'];
/** Registry calls whose key argument, when computed, says keys are made at run time somewhere we cannot see. */
const BY_KEY = ['lookup', 'dispatch', 'unregister', 'unregister_match', 'update_value'];

/** The `:via` contract a name registry module offers: `{:via, Mod, key}` names call these. */
const VIA_CONTRACT = ['register_name/2', 'whereis_name/1'];

/**
 * A GenServer written as a `:via` registry: public `register_name/2` and `whereis_name/1` that both ask its own
 * process, which keeps names and pids in its state. Elixir's Registry does that (and forgets a process when it
 * dies, which such a module has to monitor for by hand); one backed by ETS, `:pg` or another node is not this shape.
 */
function handWrittenRegistry(mod: ModuleFacts): boolean {
  if (mod.behaviour !== 'GenServer') return false;
  const asking = new Set(mod.processCalls.filter((pc) => pc.api === 'GenServer' && pc.fn === 'call' && reachesOwn(pc, mod)).map((pc) => pc.inFunction));
  return VIA_CONTRACT.every((label) => asking.has(label) && mod.functions.some((f) => !f.isPrivate && `${f.name}/${f.arity}` === label));
}

const cache = new WeakMap<ProjectIndex, Finding[]>();

/** Registries whose registrations across the project's own code all use one literal key. */
function singleKeyRegistries(project: ProjectIndex): Finding[] {
  const cached = cache.get(project);
  if (cached) return cached;
  const sites = new Map<string, Site[]>();
  const started = new Map<string, { keys: string; span: Span; owner: ModuleFacts }>();
  const otherUse = new Set<string>();
  for (const owner of project.modules) {
    if (isTestCode(owner)) continue;
    for (const reg of owner.registrations) sites.set(reg.registry, [...(sites.get(reg.registry) ?? []), { reg, owner }]);
    for (const [name, s] of registriesStarted(owner)) started.set(name, { ...s, owner });
    for (const { call } of owner.calls) {
      if (modName(call) !== 'Registry') continue;
      const key = call.args[1];
      if (AS_STORE.includes(call.name) || (BY_KEY.includes(call.name) && key && !isConstant(key))) otherUse.add(registryName(call.args[0], owner));
    }
  }
  // A registration into a registry we cannot name may add keys to any of them.
  const unknown = sites.get('?') ?? [];
  const found: Finding[] = [];
  for (const [registry, regSites] of sites) {
    if (registry === '?' || otherUse.has(registry)) continue;
    // A duplicate registry lets many processes share one key (pub/sub); `Registry.register` alone does not tell us.
    const def = started.get(registry);
    if (def?.keys === 'duplicate' || (def?.keys !== 'unique' && !regSites.some((s) => s.reg.how === 'via'))) continue;
    const keys: Term[] = [];
    for (const { reg, owner } of [...regSites, ...unknown]) {
      if (!reg.keyFromStart) keys.push(reg.key);
      else keys.push(...(startArgs(project, owner.name) ?? [reg.key]));
    }
    if (!keys.every(isConstant)) continue;
    const distinct = new Set(keys.map(keyText));
    if (distinct.size !== 1 || distinct.has('?')) continue;
    const first = regSites.find((s) => s.reg.how === 'register' || s.reg.asName) ?? regSites[0];
    const anchor = def ? { owner: def.owner, span: def.span } : { owner: first.owner, span: first.reg.span };
    found.push({ registry, key: [...distinct][0], anchor, sites: regSites });
  }
  cache.set(project, found);
  return found;
}

export default defineRule({
  id: 'OTP009',
  name: 'premature-registry',
  severity: PREMATURE,
  justifiedBy: ['concurrency'],
  messages: {
    single: 'Registry {registry} only ever holds the key {key}: one process, which a plain `name: __MODULE__` registers without a Registry.',
    handWritten: 'GenServer {module} is a name registry written by hand (register_name/2 and whereis_name/1 over a map in its state): name the processes with atoms, or use Elixir\'s Registry, which also forgets a process when it dies.',
  },
  explanation: {
    what: 'A Registry whose every registration across the project uses the same literal key, so it names a single process; or a GenServer written as a `:via` registry (register_name/2 and whereis_name/1 answered from its own state).',
    why:
      'A Registry pays off when processes are named by data known at run time: one per user, per room, per ' +
      'device. When the key is a literal, at most one process is ever registered and the Registry is an extra ' +
      'child to start and an indirection on every call. Register the process under its module name ' +
      '(`name: __MODULE__`) and call it by that name; add a Registry when a test starts several instances side by side. ' +
      'A registry written by hand, a GenServer keeping names and pids in a map behind `register_name/2` and ' +
      '`whereis_name/1`, serialises every lookup through one process and must monitor each pid to forget the dead: ' +
      'atom names do it for a fixed set of processes, and Elixir\'s Registry for names known at run time.',
    source: 'OTP Advisor: signs of premature OTP (dynamic naming for a static process)',
    bad: `defmodule Shop.Cart do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: {:via, Registry, {Shop.Registry, :cart}})
  def add(item), do: GenServer.cast({:via, Registry, {Shop.Registry, :cart}}, {:add, item})

  @impl true
  def init(items), do: {:ok, items}

  @impl true
  def handle_cast({:add, item}, items), do: {:noreply, [item | items]}
end`,
    good: `defmodule Shop.Cart do
  use GenServer

  def start_link(_), do: GenServer.start_link(__MODULE__, [], name: __MODULE__)
  def add(item), do: GenServer.cast(__MODULE__, {:add, item})

  @impl true
  def init(items), do: {:ok, items}

  @impl true
  def handle_cast({:add, item}, items), do: {:noreply, [item | items]}
end`,
  },
  check(mod, ctx) {
    if (isTestCode(mod)) return;
    if (handWrittenRegistry(mod) && mod.behaviourSpan) ctx.report({ messageId: 'handWritten', at: mod.behaviourSpan, data: { module: mod.name } });
    for (const f of singleKeyRegistries(ctx.project)) {
      if (f.anchor.owner !== mod) continue;
      // The modules that register are the ones a test must start several of.
      const subjects = [...new Set(f.sites.map((s) => s.owner.name))];
      ctx.report({
        messageId: 'single',
        at: f.anchor.span,
        data: { registry: f.registry, key: f.key },
        subjects,
        related: f.sites
          .filter((s) => s.reg.span !== f.anchor.span)
          .slice(0, 5)
          .map((s) => ({ file: s.owner.file, span: s.reg.span, message: `${f.registry} is used with the key ${f.key} here` })),
      });
    }
  },
});
