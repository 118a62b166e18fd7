// OTP016: a process nobody talks to, or whose state never changes after it starts.
import { callsOnOwnAgent, ownAgent } from '../facts/agents';
import { callsOnNamedAgent, runtimeAgentName } from '../facts/agent-names';
import { owningCall } from '../facts/ownership';
import { isPure, loadsOnly, printsOnly } from '../facts/summaries';
import { fnLabel, type ModuleFacts } from '../facts/types';
import type { ProjectIndex } from '../project-index';
import type { Term } from '../parse/term';
import { atomValue, isRemote, returnPoints } from '../parse/term-queries';
import { defineRule, PREMATURE } from './define';

function isSleep(t: Term): boolean {
  return isRemote(t, ':timer', ['sleep']) || isRemote(t, 'Process', ['sleep']);
}

/**
 * Its `start_link` only ever returns `:ignore`: no process runs, `use GenServer` only lends the child-spec shape (a
 * no-op implementation of a pluggable storage that its supervisor still lists).
 */
function neverStarts(mod: ModuleFacts): boolean {
  const starts = mod.functions.filter((f) => f.name === 'start_link' && f.body);
  return starts.length > 0 && starts.every((f) => returnPoints(f.body!).every((t) => atomValue(t) === ':ignore'));
}

/**
 * Some code talks to the GenServer: a call, cast or send aimed at it, or a client function of its own. Calls the
 * project makes on pids it looks up at run time may reach it: an absence claim needs a complete view (a cache
 * reached as `Agent.get(pid, ...)` after a which_children lookup).
 */
function hasClients(mod: ModuleFacts, project: ProjectIndex): boolean {
  if (mod.processCalls.some((pc) => pc.api === 'GenServer' || pc.api === 'send')) return true;
  if (project.callsUnknownProcess('GenServer') || project.callsUnknownProcess('send')) return true;
  return project.modules.some((m) => m !== mod && m.processCalls.some((pc) => pc.target.kind === 'module' && pc.target.name === mod.name));
}

/** Where a GenServer's process can come from: a start function of its own, or a child spec it defines. */
const OWN_STARTS = /^(?:start|start_link|child_spec)$|^start_/;

/**
 * A GenServer or Supervisor module of an application that never runs as a process, with why: it defines no start
 * function, child spec or client function of its own (every public function is a callback), no other `use` that
 * could inject them, no code of the project starts it (`GenServer.start_link(Mod, ...)`, `Supervisor.start_link(Mod,
 * ...)`), no start in the project names its module only at run time, no test mentions it, and either it has no
 * `init/1` (`noInit`: starting it would fail) or the project calls its `init/1` as a plain function (the function
 * calling it: the behaviour is never used). A library's module may be started by its users' code, so only an
 * application's counts.
 */
function neverStarted(mod: ModuleFacts, project: ProjectIndex): { why: 'noInit' } | { why: 'plainInit'; caller: string } | undefined {
  if (project.shipsAsLibrary(mod) || project.isSupervised(mod.name) || project.testsExercising(mod.name).length || mod.uses.length !== 1) return undefined;
  const callbacks = new Set(mod.callbacks.map((c) => c.clause));
  if (mod.functions.some((f) => OWN_STARTS.test(f.name) || (!f.isPrivate && !callbacks.has(f) && !CALLBACK_NAME.test(f.name)))) return undefined;
  const startsIt = (m: ModuleFacts) =>
    m.handles.some((h) => h.kind === 'GenServer' && (h.runs === undefined || h.runs === mod.name)) ||
    m.calls.some(({ call }) => call.name.startsWith('start') && call.args[0]?.t === 'alias' && call.args[0].name === mod.name);
  if (project.modules.some(startsIt)) return undefined;
  if (!mod.functions.some((f) => f.name === 'init' && f.arity === 1)) return { why: 'noInit' };
  const direct = project.modules
    .filter((m) => m !== mod && !m.isTestFile)
    .flatMap((m) => m.calls.filter(({ call }) => call.name === 'init' && call.args.length === 1 && call.mod?.t === 'alias' && call.mod.name === mod.name))[0];
  return direct ? { why: 'plainInit', caller: fnLabel(direct.fn) } : undefined;
}

/** GenServer callback names, whatever their arity (a `handle_call/4` is a mistaken callback, not a client). */
const CALLBACK_NAME = /^(?:init|handle_\w+|terminate|code_change|format_status)$/;

export default defineRule({
  id: 'OTP016',
  name: 'unused-process',
  severity: PREMATURE,
  justifiedBy: ['restart', 'concurrency'],
  messages: {
    constant: 'GenServer {module} reads its state but never changes it after init/1: the state is a constant a function or module attribute could return.',
    idle: 'GenServer {module} handles no message and nothing calls it: the process does nothing a plain module would not.',
    neverStarted: 'GenServer {module} is never started: it has no init/1, no start function or child spec, and no code of the project starts it, so its callbacks never run. Make it a plain module, or give it an init/1 and a start_link that something calls.',
    plainInit: '{behaviour} {module} is never started as a process: {caller} calls its init/1 as a plain function, so `use {behaviour}` gives it nothing. Keep the function in a plain module, or start {module} (start_link) and let the behaviour call init/1.',
    unusedAgent: 'Agent {module} is started but never read or updated.',
  },
  explanation: {
    what: 'A process that is never read or never updated: a GenServer whose state is fixed at init, one with no messages and no callers, one that never runs (no start function or child spec, no start of it in the project, in an application, and no `init/1`, or an `init/1` the project calls as a plain function; a Supervisor too), an Agent nobody calls.',
    why:
      'A process is worth its cost when its state changes over time and several callers see the changes. A state ' +
      'fixed at `init/1` is a constant: a function, a module attribute or `:persistent_term` returns it without a ' +
      'start, a name and a message per read. A process nobody calls only takes a place in the tree, and a GenServer ' +
      'module nothing can start (no `init/1`, no start function or child spec, no start of it anywhere in the application) is not ' +
      'even that: its callbacks never run (a `handle_call` of the wrong arity often hides behind it). Nor is a ' +
      'GenServer or Supervisor whose `init/1` the project calls as a plain function (`Overseer.init([])` from the ' +
      'application\'s start): the behaviour is never used. Printing, sleeping (standing in for work) and drawing random ' +
      'numbers in the callbacks of a constant state are no work that needs the process: the caller can do them. It does not ' +
      'apply when the process owns something (a port, a socket, a monitor, a timer), when a test shows restarts ' +
      'or concurrent callers, or when `start_link` returns `:ignore` (no process ever runs). Not flagged as unused ' +
      '(nobody calls it) when the project calls Agents or GenServers through pids it looks up at run time ' +
      '(`Supervisor.which_children`, `Registry.lookup`, `Process.whereis`): which process those calls reach is ' +
      'not known, and a claim of absence needs a complete view. Not flagged as an unused Agent when its name is built ' +
      'at run time (a `{:via, Registry, …}` tuple, a naming function) and some Agent call aims at a name built by the same ' +
      'function or written as the same via tuple.',
    source: 'OTP Advisor: signs of premature OTP (a process for data that could be an argument)',
    bad: `defmodule Greeting do
  use GenServer

  def start_link(text), do: GenServer.start_link(__MODULE__, text, name: __MODULE__)
  def text, do: GenServer.call(__MODULE__, :text)

  @impl true
  def init(text), do: {:ok, text}

  @impl true
  def handle_call(:text, _from, text), do: {:reply, text, text}
end`,
    good: `defmodule Greeting do
  @text "Hello"
  def text, do: @text
end`,
  },
  check(mod, ctx) {
    if (mod.isTestFile) return;
    // A module that never runs owns nothing, whatever its callbacks would monitor or link.
    const never = (mod.behaviour === 'GenServer' || mod.behaviour === 'Supervisor') && mod.behaviourSpan ? neverStarted(mod, ctx.project) : undefined;
    if (never?.why === 'noInit' && mod.behaviour === 'GenServer') ctx.report({ messageId: 'neverStarted', at: mod.behaviourSpan!, data: { module: mod.name } });
    if (never?.why === 'plainInit') ctx.report({ messageId: 'plainInit', at: mod.behaviourSpan!, data: { module: mod.name, behaviour: mod.behaviour!, caller: never.caller } });
    if (never) return;
    if (mod.behaviour === 'GenServer' && mod.behaviourSpan && !owningCall(mod)) {
      if (neverStarts(mod)) return;
      const handlers = mod.callbacks.filter((c) => c.name.startsWith('handle_'));
      const init = mod.callbacks.filter((c) => c.name === 'init');
      // An init that does work (opens, subscribes, starts) may be the point of the process; a sleep is not work, and
      // neither is loading a constant (parsing a data file through the project's own parser).
      const initBodies = init.map((c) => (c.clause.body ?? []).filter((t) => !isSleep(t)));
      if (!initBodies.every((b) => loadsOnly(b, mod, ctx.project))) return;
      // An idle process whose init calls into other modules may be a startup step (boot tasks): only a pure init counts.
      const pureInit = initBodies.every((b) => isPure(b, mod));
      // An init that only returns `:ignore` (a deprecated plugin, a startup step) never leaves a process running.
      const runs = init.some((c) => c.returns.some((r) => r.tag === ':ok'));
      if (runs && pureInit && !handlers.length && !mod.functions.some((f) => f.name === 'handle_info') && !hasClients(mod, ctx.project)) {
        ctx.report({ messageId: 'idle', at: mod.behaviourSpan, data: { module: mod.name } });
      } else if (
        handlers.length &&
        // Handlers with side effects make a process that serialises them (a pool worker writing files): not a constant.
        // Printing to the console is no such effect: a greeter that prints and replies with its fixed name is a function.
        // Nor is a sleep standing in for work (a walker "tying its shoes"): the caller can wait as well.
        handlers.every((c) => (c.name === 'handle_call' || c.name === 'handle_cast') && c.returns.every((r) => r.stateUnchanged && !r.timeout) && printsOnly((c.clause.body ?? []).filter((t) => !isSleep(t)), mod, fnLabel(c.clause))) &&
        handlers.some((c) => c.readsState)
      ) {
        ctx.report({ messageId: 'constant', at: mod.behaviourSpan, data: { module: mod.name } });
      }
      return;
    }
    const agent = ownAgent(mod);
    // An Agent whose start function does work (creates an ETS table it owns) exists for that work.
    const initial = mod.handles.find((h) => h.kind === 'Agent')?.initial;
    if (!agent || (initial && !isPure([initial], mod)) || callsOnOwnAgent(mod, ctx.project.modules).length) return;
    // Named at run time (a via tuple, a naming function): callers build the same name to reach it.
    const named = runtimeAgentName(mod, ctx.project);
    if (named && callsOnNamedAgent(named, ctx.project.modules, ctx.project).length) return;
    if (!ctx.project.callsUnknownProcess('Agent')) ctx.report({ messageId: 'unusedAgent', at: agent, data: { module: mod.name } });
  },
});
