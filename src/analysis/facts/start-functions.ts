// Public start functions of a process module that no supervisor reaches: the guide's unsupervised-process example (OTP021).
import type { ProjectIndex } from '../project-index';
import { callsIn, varsIn } from '../parse/term-queries';
import { derivedFrom } from './flow';
import { reachedFrom } from './statements';
import { fnLabel, fnName, type FunctionClause, type Handle, type ModuleFacts } from './types';

/**
 * Why the start is reported: registered under a `name`, started by other modules of the project, a `bare` unlinked
 * start with nothing from its caller, or `byHand` — an application's start function that no server of the project
 * calls from its callbacks, so an IEx shell, a script, a test or plain code runs it and holds the link.
 */
export interface UnsupervisedStart {
  handle: Handle;
  why: 'name' | 'elsewhere' | 'bare' | 'byHand';
}

/** Where a supervisor starts a process: a public `start` elsewhere is a caller's choice. */
export const SUPERVISED_ENTRY = new Set(['start_link', 'child_spec', 'init']);

/**
 * A public `start` (or `new`, `run`...) that starts the module's own long-lived process while no child spec anywhere
 * starts the module. In a library, `start_link/1` is the child-spec contract and its users' trees start its
 * processes, so a start counts only when registered under a name, started by other code of the project, or
 * unlinked with nothing from its caller. In an application (no hex `package:`) a `start…` function linking the
 * process to whoever calls it counts too, unless a process of the project calls it (then that process owns it).
 * A module with a `stop`/`close` of its own hands its callers the lifecycle (StringIO.open/close).
 */
export function unsupervisedStarts(mod: ModuleFacts, project: ProjectIndex): UnsupervisedStart[] {
  if ((mod.behaviour !== 'GenServer' && mod.behaviour !== 'Agent' && !mod.handles.some((h) => h.kind === 'Agent')) || project.isSupervised(mod.name)) return [];
  if (mod.functions.some((f) => !f.isPrivate && (f.name === 'stop' || f.name === 'close')) || stopsItselfInPublic(mod)) return [];
  // A module that also offers `start_link`/`child_spec` can be supervised: its unlinked `start` is a deliberate
  // alternative (a process started on another node, or owned by its caller).
  if (mod.functions.some((f) => !f.isPrivate && (f.name === 'start_link' || f.name === 'child_spec')) && mod.handles.some((h) => h.inFunction.startsWith('start_link/'))) return [];
  const application = !project.shipsAsLibrary(mod);
  return mod.handles.flatMap((h): UnsupervisedStart[] => {
    const enclosing = fnName(h.inFunction);
    if (!h.isPublic || SUPERVISED_ENTRY.has(enclosing) || (h.kind !== 'GenServer' && h.kind !== 'Agent')) return [];
    if (h.kind !== 'Agent' && h.runs !== mod.name) return [];
    const calls = callersOf(mod, h.inFunction, project);
    if (h.name !== undefined) return [{ handle: h, why: 'name' }];
    // Plain code of another module starts it; a server starting it from its callbacks is linked to it instead, and a
    // script's top-level code (`{:ok, agent} = CounterAgent.new` after the module in a lecture file) is a run by hand.
    if (calls.some((c) => c.module !== mod && !c.owned && !c.module.name.startsWith('(script '))) return [{ handle: h, why: 'elsewhere' }];
    if (bareUnlinkedStart(h, mod)) return [{ handle: h, why: 'bare' }];
    // Only a start function by name (`start`, `start_server`): a `new`/`initial` returning a linked pid hands its
    // caller a value it keeps (an Agent used as a variable, OTP013's question), and calls of `X.start…` are the
    // ones every module records (registry.ts), so its callers are known.
    if (!application || !/^start(?:_|$)/.test(enclosing) || (h.linked && calls.some((c) => c.owned))) return [];
    return [{ handle: h, why: 'byHand' }];
  });
}

/**
 * A `spawn_link` of a receive loop in an application's public `start…` function: the loop runs until stopped, linked
 * only to whoever ran `start` (an IEx shell, a script, a test), as with a linked GenServer start by hand above. Not
 * when a process of the project calls the start (it owns the loop), when the module offers its own `stop`/`close`,
 * or when the loop restarts the processes it links to (a supervisor written by hand).
 */
export function linkedLoopsStartedByHand(mod: ModuleFacts, project: ProjectIndex): Handle[] {
  if (project.shipsAsLibrary(mod) || mod.functions.some((f) => !f.isPrivate && (f.name === 'stop' || f.name === 'close'))) return [];
  return mod.handles.filter(
    (h) =>
      h.kind === 'spawn' && h.linked && h.loop && !h.loop.restarts && h.isPublic && /^start(?:_|$)/.test(fnName(h.inFunction)) && !SUPERVISED_ENTRY.has(fnName(h.inFunction)) &&
      !callersOf(mod, h.inFunction, project).some((c) => c.owned),
  );
}

/**
 * The functions of the project (test files aside) that call `label` of `mod`: remote calls from other modules, local
 * calls from its other functions. `owned`: the caller runs inside a process of the project (a callback module of a
 * process behaviour, or this module's own callbacks), which the start links to and which sees it exit.
 */
function callersOf(mod: ModuleFacts, label: string, project: ProjectIndex): { module: ModuleFacts; owned: boolean }[] {
  const name = fnName(label);
  return project.modules.flatMap((m) => {
    if (m.isTestFile) return [];
    const sites = m.calls.filter(({ call, fn }) => call.name === name && (m === mod ? !call.mod && fnLabel(fn) !== label : call.mod?.t === 'alias' && call.mod.name === mod.name));
    if (!sites.length) return [];
    const inProcess = serverCode(m, project);
    return sites.map(({ fn }) => ({ module: m, owned: inProcess === 'all' || !!inProcess?.has(fn) }));
  });
}

/**
 * The code of a module that runs in a process of the project: a GenServer's `init`/`handle_…` callbacks and the
 * private helpers they call (a download started from a helper of `handle_info` is linked to the server); every
 * function of another behaviour's callback module (`@behaviour :gen_statem`, a Supervisor), or of a module whose
 * `use` of a project module makes it a GenServer (an updater strategy whose `__using__` quote holds `use GenServer`
 * and calls its `start/1` from the generated callbacks). A GenServer's client functions run in their callers, and an
 * Application's `start/2` in a process no one supervises.
 */
function serverCode(m: ModuleFacts, project: ProjectIndex): 'all' | Set<FunctionClause> | undefined {
  if (m.behaviour === 'GenServer') return reachedFrom(m, m.functions.filter((f) => f.name === 'init' || f.name.startsWith('handle_')));
  if ((m.behaviour !== undefined && m.behaviour !== 'Application' && m.behaviour !== 'Agent') || m.attributes.has('behaviour')) return 'all';
  return m.uses.some((u) => usingMakesServer(project.module(u.name))) ? 'all' : undefined;
}

/** A project module whose `__using__` quote holds `use GenServer`: the modules that `use` it are GenServers. */
function usingMakesServer(used: ModuleFacts | undefined): boolean {
  const using = used?.functions.filter((f) => f.name === '__using__') ?? [];
  return using.some((f) => callsIn(f.body ?? []).some((c) => !c.mod && c.name === 'use' && c.args[0]?.t === 'alias' && c.args[0].name === 'GenServer'));
}

/**
 * An unlinked `GenServer.start`/`Agent.start` in a public `start…` function that gives it no options from its
 * caller: no link to the caller and nothing for a caller's tree to configure, so the process answers to nobody
 * (the guide's example; `start(initial)` handing over only the first value is the same). A library's constructor
 * passes its caller's options through (`start(opts)` → `GenServer.start(__MODULE__, opts, opts)`), and its users'
 * supervisors call `start_link`.
 */
function bareUnlinkedStart(h: Handle, mod: ModuleFacts): boolean {
  if (h.linked || !/\.start$/.test(h.call)) return false;
  const site = mod.calls.find(({ call }) => call.span.start === h.span.start);
  if (!site || !site.fn.name.startsWith('start')) return false;
  const { call, fn } = site;
  // `GenServer.start(mod, arg, opts)`, `Agent.start(fun, opts)`, `Agent.start(mod, fun, args, opts)`.
  const opts = h.kind === 'GenServer' ? call.args[2] : call.args[call.args[0]?.t === 'fn' ? 1 : 3];
  if (fn.arity === 0 || !opts) return true;
  const fromCaller = fn.params.map((_, i) => derivedFrom(fn, i));
  return ![...varsIn([opts])].some((v) => fromCaller.some((d) => d.has(v)));
}

/**
 * A public function stops the module's own process (`stop_tracing` beside `start_tracing`): a start/stop pair run by
 * hand (a debugging aid started from IEx), whose caller owns the lifecycle as with a `stop`.
 */
function stopsItselfInPublic(mod: ModuleFacts): boolean {
  const publicFns = new Set(mod.functions.filter((f) => !f.isPrivate).map(fnLabel));
  return mod.processCalls.some(
    (pc) => pc.fn === 'stop' && pc.target.kind === 'module' && (pc.target.current || pc.target.name === mod.name) && publicFns.has(pc.inFunction),
  );
}
