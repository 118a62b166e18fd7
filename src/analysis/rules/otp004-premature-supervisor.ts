// OTP004: a supervisor (other than the Application's) with a single child and no test of restarts.
import { childModule } from '../facts/children';
import { clausesAt } from '../facts/statements';
import { fnLabel, type ModuleFacts } from '../facts/types';
import type { Term } from '../parse/term';
import type { ProjectIndex } from '../project-index';
import { defineRule, PREMATURE } from './define';

/** Where a process sets up what it owns for its lifetime. */
const SETUP = new Set(['init', 'handle_continue']);

/**
 * The supervisor itself owns a resource: its `init`/`handle_continue` (or a function of the project they call, one
 * step: `Regulator.Buffer.new(name)` in a supervisor's init, default arguments filled) creates an ETS table or opens a port or socket. A table
 * dies with its owner, so a supervisor that owns it keeps it alive while the children using it restart: that is
 * the design, not a premature level. A single child owning a table in its own init is not enough: learners give
 * such a server a supervisor of its own as readily as any other. A Mnesia table is not counted: it belongs to the
 * node's database, not to the process that created it, so creating one in init is a setup step, not ownership.
 */
function ownsResource(mod: ModuleFacts, project: ProjectIndex): boolean {
  const opensIn = (m: ModuleFacts, fns: Set<string>) =>
    m.ets.some((e) => e.op === 'new' && fns.has(e.inFunction)) || m.resources.some((r) => fns.has(r.inFunction));
  const setup = new Set(mod.functions.filter((f) => SETUP.has(f.name)).map(fnLabel));
  if (opensIn(mod, setup)) return true;
  return mod.calls.some(({ call, fn }) => {
    if (!SETUP.has(fn.name)) return false;
    const target = !call.mod ? mod : call.mod.t === 'alias' ? project.module(call.mod.name) : undefined;
    if (!target) return false;
    return opensIn(target, new Set(clausesAt(target, call.name, call.args.length).map(fnLabel)));
  });
}

/**
 * The root of an application's tree: the supervisor its Application's `start/2` starts directly
 * (`def start(_, _), do: MyApp.Supervisor.start_link()`), when the Application does not list children itself.
 */
function isApplicationRoot(mod: ModuleFacts, project: ProjectIndex): boolean {
  return project.modules.some(
    (m) => m.behaviour === 'Application' && m.calls.some(({ call, fn }) => fn.name === 'start' && call.name === 'start_link' && call.mod?.t === 'alias' && call.mod.name === mod.name),
  );
}

/** A child that is itself a dynamic supervisor: a DynamicSupervisor (a module or `{DynamicSupervisor, …}`) or a `:simple_one_for_one` one. */
function isDynamicSupervisor(child: Term, project: ProjectIndex): boolean {
  const name = childModule(child);
  const target = name ? project.module(name) : undefined;
  return name === 'DynamicSupervisor' || target?.behaviour === 'DynamicSupervisor' || !!target?.childLists.some((l) => l.dynamic);
}

export default defineRule({
  id: 'OTP004',
  name: 'premature-supervisor',
  severity: PREMATURE,
  justifiedBy: ['restart'],
  messages: {
    module: 'Supervisor {module} supervises {count}.',
    nested: 'This nested supervisor supervises {count}.',
  },
  explanation: {
    what: 'A supervisor, other than the Application\'s top-level one, that supervises a single child.',
    why:
      'A supervisor earns its place by restarting children with a strategy. With one child and no test that ' +
      'verifies a crash and a restart, it only adds a level to the tree. Start the child from the Application\'s ' +
      'supervisor; add a dedicated supervisor when a test shows why its strategy matters. Not flagged: the ' +
      'Application\'s supervisor, a supervisor whose module adds children after it starts (`Supervisor.start_child`) in ' +
      'ways that cannot be counted (children added one by one to its own pid count as listed), ' +
      'one with `max_restarts: 0` (a lifecycle boundary that never restarts) or with `auto_shutdown` (it ends when ' +
      'its significant child ends), one wrapping a dependency\'s process, ' +
      'one that owns a resource: its own `init` creates an ETS table or opens a port or socket (directly or through a ' +
      'function of the project), so the table outlives the children that use it when they restart, and one with no ' +
      'children at all: it restarts nothing, so it is a lifecycle owner (its init sets up a table) or fills a child ' +
      'slot a pluggable contract requires, not premature fault tolerance. Not flagged either: a `:simple_one_for_one` ' +
      'supervisor (its one entry is a template for children started at run time, like a DynamicSupervisor), and the ' +
      'root an Application starts whose only child is a dynamic supervisor (the level that names the tree). A restart budget alone ' +
      '(`max_restarts: 3, max_seconds: 5`) does not exempt a supervisor: it still restarts its one child.',
    source: 'OTP Advisor: TDD guidance (GREEN: no Supervisor unless a test verifies fault tolerance)',
    bad: `defmodule Shop.Cart do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)
end

defmodule Shop.CartSupervisor do
  use Supervisor

  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg) do
    Supervisor.init([Shop.Cart], strategy: :one_for_one)
  end
end`,
    good: `# lib/shop/application.ex: the Application's own supervisor starts the child.
children = [Shop.Cart]
Supervisor.start_link(children, strategy: :one_for_one, name: Shop.Supervisor)`,
  },
  check(mod, ctx) {
    if (mod.isTestFile || mod.behaviour === 'Application') return;
    for (const list of mod.childLists) {
      // Children added later with start_child (the book's `supervise([], …)` then `start_child` per child) count
      // as listed; a start_child we cannot attribute (a dynamic use, another target) leaves the count unknown.
      // A dynamic (`:simple_one_for_one`) list holds a template, not a child: the number of children is open.
      const listed = list.children && list.added && !list.dynamic ? [...list.children, ...list.added] : undefined;
      // No child at all: it restarts nothing, so "premature fault tolerance" does not describe it. Such a supervisor
      // is a lifecycle owner (its init creates a table, an ETS or Mnesia one, that lives as long as it does) or fills
      // the child slot a pluggable contract requires (a no-op cache implementation that must be startable).
      if (!listed || listed.length !== 1) continue;
      // `max_restarts: 0` never restarts: the supervisor is a lifecycle boundary, not fault tolerance. So is one with
      // `auto_shutdown` (OTP 24): it exists to end when its significant child ends. A restart budget alone
      // (`max_restarts: 1, max_seconds: 5`) is not such a sign: learners copy one into the one-child supervisor of
      // a stateless server (a labelled learner case), and it still restarts that one child.
      if (list.maxRestarts === '0' || (list.autoShutdown && list.autoShutdown !== 'never')) continue;
      // An application's root whose one child is a dynamic supervisor names the tree that the children started at
      // run time hang from: every application has a root, so that level is not premature (a root over one static
      // child stays flagged: learners wrap a single server that way).
      if (isDynamicSupervisor(listed[0], ctx.project) && isApplicationRoot(mod, ctx.project)) continue;
      const children = listed.map(childModule).filter((c): c is string => !!c);
      if (ownsResource(mod, ctx.project)) continue;
      // Wrapping a dependency's process (Phoenix's generated Telemetry supervisor around :telemetry_poller,
      // a library's supervisor around a computed spec) is integration glue; the premature case is the
      // project's own process given a supervisor of its own.
      if (!children.some((c) => ctx.project.module(c) && !ctx.project.module(c)!.isTestFile)) continue;
      const count = `a single child, ${children[0]}`;
      const subjects = [mod.name, ...children];
      if (mod.behaviour === 'Supervisor' && list.via === 'init' && mod.behaviourSpan) {
        ctx.report({ messageId: 'module', at: mod.behaviourSpan, data: { module: mod.name, count }, subjects });
      } else if (list.via === 'start_link') {
        ctx.report({ messageId: 'nested', at: list.span, data: { count }, subjects });
      }
    }
  },
});
