// OTP020: GenServer.call/cast, Agent.* or send aimed at another module's named process.
import type { ModuleFacts, ProcessCall } from '../facts/types';
import { atomValue, keyword, modName } from '../parse/term-queries';
import { ANTI_PATTERN, defineRule } from './define';

/** A module whose process registers under its own name (so other code can message it by name). */
function isNamedProcess(mod: ModuleFacts): boolean {
  if (mod.behaviour !== 'GenServer' && mod.behaviour !== 'Agent') return false;
  return mod.calls.some(({ call }) => {
    const m = modName(call);
    if ((m !== 'GenServer' && m !== 'Agent') || !call.name.startsWith('start')) return false;
    const name = keyword(call.args[call.args.length - 1], 'name');
    return name?.t === 'alias' && name.name === mod.name;
  });
}

const INTERFACE_CALLS = new Set(['call', 'cast', 'get', 'update', 'get_and_update', 'send']);
const AGENT_CALLS = new Set(['get', 'update', 'get_and_update', 'cast']);

/** Agent calls on a pid the caller passed in (the guide's example: a pid handed around, each module with its own shapes). */
function agentCallsOnParams(mod: ModuleFacts) {
  return mod.isTestFile ? [] : mod.processCalls.filter((pc) => pc.api === 'Agent' && AGENT_CALLS.has(pc.fn) && pc.fromParam !== undefined);
}

/** Per project: the modules that call Agent functions on pids passed to them. */
const HANDLERS = new WeakMap<object, ModuleFacts[]>();
function modulesCallingAgentParams(modules: readonly ModuleFacts[]): ModuleFacts[] {
  let found = HANDLERS.get(modules);
  if (!found) HANDLERS.set(modules, (found = modules.filter((m) => agentCallsOnParams(m).length > 0)));
  return found;
}

/**
 * Per project: the atom names (`:cart`) a process module registers its own process under (a GenServer or Agent
 * module starting itself with `name: :cart`, or any module starting an Agent it holds under that name), each with
 * that module. Code elsewhere that calls the atom reaches into that module's process like code calling its alias.
 */
const ATOM_OWNERS = new WeakMap<object, Map<string, ModuleFacts>>();
function atomOwners(modules: readonly ModuleFacts[]): Map<string, ModuleFacts> {
  let found = ATOM_OWNERS.get(modules);
  if (found) return found;
  found = new Map();
  for (const m of modules) {
    if (m.isTestFile) continue;
    for (const h of m.handles) {
      const own = h.kind === 'Agent' || (h.kind === 'GenServer' && h.runs === m.name && (m.behaviour === 'GenServer'));
      if (own && h.name?.startsWith(':')) found.set(h.name, m);
    }
  }
  ATOM_OWNERS.set(modules, found);
  return found;
}

/** The module whose process a call names by an atom (`Agent.update(:cart, …)`, or `@name` holding it). */
function atomTarget(pc: ProcessCall, mod: ModuleFacts, modules: readonly ModuleFacts[]): ModuleFacts | undefined {
  const first = pc.call.args[0];
  const written = first?.t === 'attr' && !first.value ? mod.attributes.get(first.name) : first;
  const atom = atomValue(written);
  return atom ? atomOwners(modules).get(atom) : undefined;
}

export default defineRule({
  id: 'OTP020',
  name: 'scattered-process-interface',
  severity: ANTI_PATTERN,
  justifiedBy: [],
  messages: {
    scattered: '{api}.{fn} reaches into {target}\'s process from {module}; call a function of {target} instead.',
    send: 'send/2 reaches into {target}\'s process from {module}; call a function of {target} instead.',
    sharedPid: 'Agent.{fn} on a pid passed to {module}, which {others} also update or read with their own data shapes: give the Agent one module that owns its interface.',
  },
  explanation: {
    what: 'Code outside a process\'s module that talks to that process directly with GenServer.call/cast, Agent.* or send, by its module name or by the atom its module registers it under (`name: :cart`), including several modules calling Agent functions on a pid passed around (as an argument, or in a field of one: `shop.store`).',
    why:
      'The messages a process accepts are its private protocol. When other modules build them by hand, the ' +
      'protocol is spread across the code base: changing it means finding every caller, and nothing checks the ' +
      'message shapes. Put one client function per message in the process\'s own module and call that.',
    source: 'Elixir anti-patterns guide: "Scattered process interfaces"',
    bad: `defmodule Shop.Cart do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, %{}, name: __MODULE__)
  def init(carts), do: {:ok, carts}
  def handle_call({:total, id}, _from, carts), do: {:reply, Map.get(carts, id, 0), carts}
end

defmodule Shop.Checkout do
  def total(cart_id), do: GenServer.call(Shop.Cart, {:total, cart_id})
end`,
    good: `defmodule Shop.Cart do
  use GenServer
  def start_link(_), do: GenServer.start_link(__MODULE__, %{}, name: __MODULE__)
  def total(cart_id), do: GenServer.call(__MODULE__, {:total, cart_id})
  def init(carts), do: {:ok, carts}
  def handle_call({:total, id}, _from, carts), do: {:reply, Map.get(carts, id, 0), carts}
end

defmodule Shop.Checkout do
  def total(cart_id), do: Shop.Cart.total(cart_id)
end`,
  },
  check(mod, ctx) {
    if (mod.isTestFile) return;
    // The Agent's own module (`use Agent`, or the one starting it) is its interface; others reaching in are not.
    const sharing = modulesCallingAgentParams(ctx.project.modules);
    const owners = sharing.filter((m) => m.behaviour === 'Agent' || m.handles.some((h) => h.kind === 'Agent'));
    if (sharing.length >= 2 && !owners.includes(mod)) {
      const others = sharing.filter((m) => m !== mod).map((m) => m.name);
      for (const pc of agentCallsOnParams(mod)) {
        ctx.report({ messageId: 'sharedPid', at: pc.span, data: { fn: pc.fn, module: mod.name, others: others.slice(0, 2).join(' and ') + (others.length > 2 ? ` (+${others.length - 2})` : '') } });
      }
    }
    for (const pc of mod.processCalls) {
      if (!INTERFACE_CALLS.has(pc.fn)) continue;
      const byAtom = pc.target.kind === 'unknown' ? atomTarget(pc, mod, ctx.project.modules) : undefined;
      if (!byAtom && (pc.target.kind !== 'module' || pc.target.name === mod.name)) continue;
      const target = byAtom ?? (pc.target.kind === 'module' ? ctx.project.module(pc.target.name) : undefined);
      if (!target || target === mod || target.isTestFile || (!byAtom && !isNamedProcess(target))) continue;
      const related = target.behaviourSpan ? [{ file: target.file, span: target.behaviourSpan, message: `${target.name} is the process's module` }] : [];
      const data = { api: pc.api, fn: pc.fn, target: target.name, module: mod.name };
      ctx.report({ messageId: pc.api === 'send' ? 'send' : 'scattered', at: pc.span, data, related });
    }
  },
});
