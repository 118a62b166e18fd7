// OTP012: supervisors nested in a chain where each supervises one child, and a DynamicSupervisor that
// only ever starts one constant child.
import type { Span, Term } from '../parse/term';
import { isConstant } from '../parse/term-queries';
import { childModule } from '../facts/children';
import { isTestCode, type ModuleFacts } from '../facts/types';
import type { ProjectIndex } from '../project-index';
import { defineRule, PREMATURE, type RuleContext } from './define';

/**
 * The single child a module supervises, when it has one child list holding exactly one child. The
 * Application's supervisor is left out: every application has that root, and a single-child supervisor
 * under it is OTP004's finding. `max_restarts: 0` marks a lifecycle boundary, not a level of restarts.
 */
function onlyChild(mod: ModuleFacts): Term | undefined {
  const children = childrenOf(mod);
  return children?.length === 1 ? children[0] : undefined;
}

/**
 * Every child of a module's one supervisor list, those added later with start_child included; undefined when
 * they are unknown, and for the Application's supervisor (every application has that root).
 */
function childrenOf(mod: ModuleFacts): Term[] | undefined {
  if (isTestCode(mod) || mod.behaviour === 'Application' || mod.childLists.length !== 1) return undefined;
  const [list] = mod.childLists;
  // A dynamic (`:simple_one_for_one`) list holds a template for children started at run time, in any number.
  if (!list.children || !list.added || list.dynamic || list.maxRestarts === '0') return undefined;
  return [...list.children, ...list.added];
}

/**
 * A child of a one_for_one supervisor that is itself a supervisor of the project with a single child: under
 * one_for_one that level restarts only its child, as the parent would if it listed the child itself.
 */
function singleChildLevel(mod: ModuleFacts, project: ProjectIndex): { level: ModuleFacts; child: Term } | undefined {
  const children = childrenOf(mod);
  if (!children || children.length < 2 || mod.childLists[0].strategy !== 'one_for_one') return undefined;
  for (const c of children) {
    const name = childModule(c);
    const level = name ? project.module(name) : undefined;
    const child = level && level !== mod ? onlyChild(level) : undefined;
    if (level && child) return { level, child };
  }
  return undefined;
}

/** The supervisor module that a single-child supervisor starts, when it is one too. */
function nextLevel(mod: ModuleFacts, project: ProjectIndex): ModuleFacts | undefined {
  const child = onlyChild(mod);
  const name = child && childModule(child);
  const next = name ? project.module(name) : undefined;
  return next && next !== mod && onlyChild(next) ? next : undefined;
}

const parents = new WeakMap<ProjectIndex, Set<string>>();

/** Modules that are the only child of a single-child supervisor: not the top of a chain. */
function nestedLevels(project: ProjectIndex): Set<string> {
  let found = parents.get(project);
  if (!found) {
    found = new Set();
    for (const m of project.modules) {
      const next = nextLevel(m, project);
      if (next) found.add(next.name);
    }
    parents.set(project, found);
  }
  return found;
}

type Start = { mod: ModuleFacts; start: ModuleFacts['dynamicStarts'][number] };
const startsCache = new WeakMap<ProjectIndex, Map<string, Start[]>>();

/** The `DynamicSupervisor.start_child` calls in the project's code, by the name of the supervisor they aim at. */
function dynamicStartsByName(project: ProjectIndex): Map<string, Start[]> {
  let byName = startsCache.get(project);
  if (!byName) {
    byName = new Map();
    for (const m of project.modules) {
      if (isTestCode(m)) continue;
      for (const start of m.dynamicStarts) {
        if (start.supervisor.kind === 'module') byName.set(start.supervisor.name, [...(byName.get(start.supervisor.name) ?? []), { mod: m, start }]);
      }
    }
    startsCache.set(project, byName);
  }
  return byName;
}

/** The one child spec a named DynamicSupervisor is ever given, when it is called once with a constant spec. */
function onlyDynamicStart(name: string, project: ProjectIndex): Start | undefined {
  const starts = dynamicStartsByName(project).get(name);
  // A spec built from the call's arguments starts a different child each time: the dynamic case.
  const only = starts?.length === 1 && starts[0].start.spec && isConstant(starts[0].start.spec) ? starts[0] : undefined;
  return only && !startedLate(name, only, project) ? only : undefined;
}

/** A callback that runs on a process's run-time event (a message, a call, a continue), not when it starts. */
const RUNTIME_CALLBACK = /^handle_/;

/**
 * The start_child runs when another process reacts to a run-time event: in a `handle_*` callback of a module
 * other than the supervisor's, directly or through one function it calls (the supervisor's own
 * `start_child/0` wrapper called by an agent once it has connected). Such a supervisor is there to start its
 * child later than the tree starts, which a static child list cannot do: a deferred start, not a nested level.
 */
function startedLate(supervisor: string, { mod, start }: Start, project: ProjectIndex): boolean {
  const late = (m: ModuleFacts, fn: string) => m.name !== supervisor && !isTestCode(m) && RUNTIME_CALLBACK.test(fn);
  const [name, arity] = start.inFunction.split('/');
  if (late(mod, name)) return true;
  return project.modules.some((m) =>
    m.calls.some(({ call, fn }) => call.name === name && String(call.args.length) === arity && call.mod?.t === 'alias' && call.mod.name === mod.name && late(m, fn.name)),
  );
}

function reportDynamic(ctx: RuleContext<'chain' | 'level' | 'dynamic'>, supervisor: string, { mod: caller, start }: Start, at: Span): void {
  const child = start.spec && childModule(start.spec);
  ctx.report({
    messageId: 'dynamic',
    at,
    data: { supervisor, child: child ?? 'the same spec' },
    subjects: [...new Set([supervisor, caller.name, ...(child ? [child] : [])])],
    related: at === start.span ? [] : [{ file: caller.file, span: start.span, message: `the only start_child, in ${start.inFunction}` }],
  });
}

function label(t: Term): string {
  return childModule(t) ?? 'one child';
}

export default defineRule({
  id: 'OTP012',
  name: 'deep-supervision-tree',
  severity: PREMATURE,
  justifiedBy: ['restart', 'concurrency'],
  messages: {
    chain: 'Supervisors nested {depth} deep with one child each ({chain}): each level only restarts the next.',
    level: '{supervisor} supervises {level}, a supervisor of one child ({child}): under one_for_one that level only restarts {child}, as {supervisor} would.',
    dynamic: '{supervisor} is a DynamicSupervisor, but the project starts only one child in it, always {child}.',
  },
  explanation: {
    what:
      'A chain of two or more supervisors in which each supervises a single child, reported at the top of the ' +
      'chain; a one_for_one supervisor with a child that is a supervisor of a single child (children added ' +
      'later with `Supervisor.start_child` count); and a DynamicSupervisor whose `start_child` is called from one place, with a constant child spec.',
    why:
      'A supervisor is there to restart a group of children with a strategy. A supervisor whose only child is ' +
      'another single-child supervisor adds a level that restarts nothing the level below would not, makes the ' +
      'tree harder to read, and multiplies the restart intensity limits to reason about. A DynamicSupervisor is ' +
      'for children started at run time in varying numbers; one that only ever receives the same spec from one ' +
      'call is a static child in disguise. Flatten the chain into one supervisor (or list the child under the ' +
      'Application\'s), and list a constant child statically, until a test of restarts or of several concurrent ' +
      'children shows why the extra level is needed. Not flagged when a level is a `:simple_one_for_one` supervisor ' +
      '(dynamic: its one entry is a template for children started at run time), or when a DynamicSupervisor\'s one ' +
      'start runs late, in a `handle_*` callback of another process (directly or through a function it calls): it ' +
      'is there to start its child after the tree has started, which a static child list cannot do.',
    source: 'OTP Advisor: TDD guidance (GREEN: no supervision structure that no test asks for)',
    bad: `defmodule Shop.Cart do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)
end

defmodule Shop.CartSupervisor do
  use Supervisor
  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg), do: Supervisor.init([Shop.Cart], strategy: :one_for_one)
end

defmodule Shop.StoreSupervisor do
  use Supervisor
  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg), do: Supervisor.init([Shop.CartSupervisor], strategy: :one_for_one)
end`,
    good: `defmodule Shop.Cart do
  use Agent
  def start_link(_), do: Agent.start_link(fn -> [] end, name: __MODULE__)
end

defmodule Shop.StoreSupervisor do
  use Supervisor
  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg), do: Supervisor.init([Shop.Cart, Shop.Stock], strategy: :one_for_one)
end`,
  },
  check(mod, ctx) {
    if (isTestCode(mod)) return;
    const { project } = ctx;
    const first = nextLevel(mod, project);
    if (first && !nestedLevels(project).has(mod.name)) {
      const levels = [mod, first];
      for (let next = nextLevel(first, project); next && !levels.includes(next); next = nextLevel(next, project)) levels.push(next);
      const last = onlyChild(levels[levels.length - 1])!;
      const chain = [...levels.map((l) => l.name), label(last)].join(' → ');
      const list = mod.childLists[0];
      const at = mod.behaviour === 'Supervisor' && list.via === 'init' && mod.behaviourSpan ? mod.behaviourSpan : list.span;
      const subjects = [...levels.map((l) => l.name), ...(childModule(last) ? [childModule(last)!] : [])];
      ctx.report({ messageId: 'chain', at, data: { depth: String(levels.length), chain }, subjects });
    }
    const single = !first && mod.behaviour === 'Supervisor' && mod.behaviourSpan ? singleChildLevel(mod, project) : undefined;
    if (single) {
      const child = label(single.child);
      ctx.report({
        messageId: 'level',
        at: mod.behaviourSpan!,
        data: { supervisor: mod.name, level: single.level.name, child },
        subjects: [mod.name, single.level.name, ...(childModule(single.child) ? [child] : [])],
      });
    }
    // A DynamicSupervisor module of the project carries the finding on its `use` line; one started under a
    // name in a child list (`{DynamicSupervisor, name: X}`) has no module, so the call carries it.
    if (mod.behaviour === 'DynamicSupervisor' && mod.behaviourSpan) {
      const only = onlyDynamicStart(mod.name, project);
      if (only) reportDynamic(ctx, mod.name, only, mod.behaviourSpan);
    }
    for (const start of mod.dynamicStarts) {
      if (start.supervisor.kind !== 'module' || project.module(start.supervisor.name)?.behaviour === 'DynamicSupervisor') continue;
      const only = onlyDynamicStart(start.supervisor.name, project);
      if (only) reportDynamic(ctx, start.supervisor.name, only, start.span);
    }
  },
});
