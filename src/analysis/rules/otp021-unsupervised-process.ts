// OTP021: a process started at run time in application code, outside any supervisor.
import { linkedStartTarget, linkedStartsInCallbacks } from '../facts/callback-starts';
import { originsOf } from '../facts/flow';
import { messageKey } from '../facts/starts';
import { linkedLoopsStartedByHand, SUPERVISED_ENTRY, unsupervisedStarts } from '../facts/start-functions';
import { isQuote, isSend } from '../facts/statements';
import { fnLabel, fnName, isTestCode, type FunctionClause, type ModuleFacts } from '../facts/types';
import type { Call, Term } from '../parse/term';
import { callsIn, keyword, modName, returnPoints, varsIn, visit } from '../parse/term-queries';
import type { ProjectIndex } from '../project-index';
import { defineRule, ANTI_PATTERN } from './define';

/**
 * `Worker.start_link(job)` called from ordinary code (not a start function, child spec or callback) of a module that
 * is not a process itself, where `Worker` is a process module of the project that no supervisor starts: each call
 * starts a process tied only to whichever caller ran it.
 */
function startedFromPlainCode(mod: ModuleFacts, project: ProjectIndex): { call: Call; fn: string; module: string; bypassed: boolean }[] {
  // A callback module of any behaviour (`@behaviour :gen_statem` too) runs in its own process: what it starts
  // with start_link is linked to that process (a connection's socket owner). Not an Application: its `start/2` runs
  // before the tree it returns, so a process it starts itself is outside that tree (a crash stops the application).
  if ((mod.behaviour && mod.behaviour !== 'Application') || mod.attributes.has('behaviour')) return [];
  return mod.calls.flatMap(({ call, fn }) => {
    // A call of its public `start` is the guide's case, reported where that function is defined (below).
    const runs = linkedStartTarget(call, mod)?.runs;
    const target = runs === undefined ? undefined : project.module(runs);
    if (!target || target === mod || target.isTestFile || (target.behaviour !== 'GenServer' && target.behaviour !== 'Agent') || quoted(call, fn)) return [];
    // A module a supervisor also starts may be started by hand as a worker its caller keeps and talks to; one
    // started by hand under a name whose pid is dropped is the supervised server again, linked to a stray caller.
    const bypassed = project.isSupervised(target.name);
    if (bypassed && !(dropsPid(call, fn) && hasNameOption(call))) return [];
    if ((STARTING_FUNCTIONS.has(fn.name) && fn.name !== 'start') || fn.name.startsWith('handle_') || fn.name === '(top level)' || keptByCaller(call, fn, target.name)) return [];
    // A `start`/`start_…` function returning start_link's result (or the pid bound from it) is a start function by
    // Elixir's convention: its caller owns the pid and may supervise it (a library's `start_client`). One that drops
    // the pid (`{:ok, _pid} = Order.start_link(...)`, then works through the name) leaves the process linked to
    // whoever happened to call it. So is a public function of any name whose `@spec` says it returns a start result
    // (`Flow.into_stages/3 :: GenServer.on_start()`); another name returning it is ordinary code.
    const startFunction = fn.name === 'start' || fn.name.startsWith('start_') || (!fn.isPrivate && fn.returnsStart);
    if (startFunction && returnsResultOf(fn, call)) return [];
    return [{ call, fn: fnLabel(fn), module: target.name, bypassed }];
  });
}

/** Code a macro generates for other modules (`quote do def start_link ... end` in `__using__`): not this module's call. */
function quoted(call: Call, fn: FunctionClause): boolean {
  let inside = false;
  visit(fn.body ?? [], (t) => {
    if (isQuote(t)) visit([t], (x) => void (inside ||= x === call));
    return !inside && !isQuote(t);
  });
  return inside;
}

/** The caller throws the start's result away: `{:ok, _pid} = Worker.start_link(...)`, or a statement before the last. */
function dropsPid(call: Call, fn: FunctionClause): boolean {
  const body = fn.body ?? [];
  if (body.slice(0, -1).includes(call)) return true;
  let dropped = false;
  visit(body, (t) => {
    if (t.t === 'op' && t.op === '=' && t.right === call && !varsIn([t.left]).size) dropped = true;
    return !dropped;
  });
  return dropped;
}

/** `Worker.start_link(name: name)`: the process is registered under a name given by the caller. */
function hasNameOption(call: Call): boolean {
  return call.args.some((a) => keyword(a, 'name') !== undefined);
}

/** A return point of the function is the call's result, or holds a variable bound from it (`{:ok, pid}`). */
function returnsResultOf(fn: FunctionClause, call: Call): boolean {
  const holds = (t: Term): boolean =>
    t === call ||
    (t.t === 'var' && originsOf(t, fn).some((o) => 'term' in o && o.term === call)) ||
    ((t.t === 'tuple' || t.t === 'list') && t.items.some(holds));
  return returnPoints(fn.body ?? []).some(holds);
}

/**
 * The caller keeps the pid for more than talking to it: passes it on to code that tracks it (a connection storing
 * its stream processes in a collection), rather than only calling the started module's API or `GenServer`/`Agent`.
 */
function keptByCaller(start: Call, fn: FunctionClause, started: string): boolean {
  const bound = new Set<string>();
  visit(fn.body ?? [], (t) => {
    if (t.t === 'op' && t.op === '=' && t.right === start) for (const v of varsIn([t.left])) bound.add(v);
    if (t.t === 'call' && t.name === 'case' && !t.mod && t.args[0] === start) for (const k of t.block?.do?.clauses ?? []) for (const v of varsIn(k.args)) bound.add(v);
  });
  const talk = (c: Call) => [started, 'GenServer', 'Agent'].includes(modName(c) ?? '') || isSend(c);
  return callsIn(fn.body ?? []).some((c) => !talk(c) && c.args.some((a) => a.t === 'var' && bound.has(a.name)));
}

/**
 * The client functions that send the call a spawned pid is replied to (`GenServer.call(__MODULE__, :add)` for
 * the key `:add`), when no code of the project calls any of them: the pid reaches only a caller outside the
 * project (IEx), which keeps nothing that supervises or stops the process. Undefined when a client is called.
 */
function unheldReply(mod: ModuleFacts, key: string, project: ProjectIndex): string | undefined {
  const clients = mod.calls.filter(({ call }) => modName(call) === 'GenServer' && call.name === 'call' && messageKey(call.args[1]) === key).map(({ fn }) => fn);
  if (!clients.length || clients.some((c) => c.isPrivate)) return undefined;
  const called = (c: FunctionClause) =>
    project.modules.some((m) =>
      !m.isTestFile && m.calls.some(({ call, fn }) => call.name === c.name && call.args.length === c.arity && fn !== c && (m === mod ? !call.mod || (call.mod.t === 'alias' && (call.mod.current || call.mod.name === mod.name)) : call.mod?.t === 'alias' && call.mod.name === mod.name)),
    );
  return clients.some(called) ? undefined : fnLabel(clients[0]);
}

/**
 * Where starting a process is the function's contract (child specs, start functions, a process's own init), and
 * `terminate/2`, which runs while the tree shuts down, when a supervisor may already be gone (Phoenix's socket
 * drainer spawns its last broadcasts there).
 */
const STARTING_FUNCTIONS = new Set(['start_link', 'start', 'child_spec', 'init', 'terminate']);

export default defineRule({
  id: 'OTP021',
  name: 'unsupervised-process',
  severity: ANTI_PATTERN,
  justifiedBy: [],
  messages: {
    fireAndForget: '{call} in {fn} starts a process nobody supervises and drops its pid: start it under a Task.Supervisor.',
    answersStarter: '{call} in {fn} starts a short-lived worker that sends its result back to this process and ends: no supervisor is needed, but `Task.async` (or `Task.Supervisor.async_nolink`) would tie it to this process, so it does not outlive it.',
    replied: '{call} in {fn} starts a process nobody supervises and hands its pid back through {client}, which no code of the project calls: nothing keeps it. Start it under a Task.Supervisor, or call a plain function if nothing needs a process.',
    started: '{call} in {fn} starts a long-lived process outside any supervisor: start it as a child of one (DynamicSupervisor.start_child).',
    loop: '{call} in the public {fn} starts {loop}, a receive loop that runs until stopped, outside any supervisor and unlinked: nothing restarts it or stops it with the application.',
    linkedLoop: '{call} in the public {fn} starts {loop}, a receive loop that runs until stopped, linked only to whoever runs {fn} (an IEx shell, a script, a test) and outside any supervisor: nothing restarts it or stops it with the application. Start it from a supervision tree, or pass the state to functions if nothing needs a process.',
    plainCode: '{fn} starts a {module} process itself, and no supervisor in the project starts {module}: each call leaves a process tied only to its caller. Start it under a supervisor (DynamicSupervisor.start_child), or call a plain function if nothing needs a process.',
    beforeTree: 'The application\'s {fn} starts a {module} process itself, outside the supervision tree it returns, and no supervisor starts {module}: nothing restarts it, and its crash takes the application down. List {module} among the children instead.',
    bypassed: '{fn} starts a named {module} process itself and drops its pid, beside the supervisor that starts {module}: this one is linked only to whichever caller ran it. Start it through that supervisor (DynamicSupervisor.start_child).',
    callback: '{fn} starts a {module} process linked to this server on each message, under no supervisor: one crash takes the server and every other one down. Start it under a DynamicSupervisor (DynamicSupervisor.start_child) and monitor it.',
    startFunction: '{call} in the public {fn} starts {module}\'s process, and no supervisor in the project starts it: put {module} in a supervision tree (a child spec and start_link) instead of a start function callers run.',
    byHand: '{call} in the public {fn} starts {module}\'s process {tie} whoever runs {fn} (an IEx shell, a script, a test or plain code: no server of the project starts it from its callbacks), and no child spec or supervisor in the project starts {module}: nothing restarts it or stops it with the application. Put {module} in the application\'s supervision tree (a child spec and start_link).',
  },
  explanation: {
    what: 'A `Task.start`, a `spawn` whose pid is dropped, a `GenServer.start`/`Agent.start` of another module, a public start function of a process no supervisor starts (registered under a name, called by other code, unlinked; in an application, also a `start…` function linking the process to whoever runs it), or a `start_link` of such a process called from plain code (or of a supervised one, under a name and with its pid dropped), or a `start_link` in a GenServer\'s message callback (one process per message, linked to the server), in application code. An Application\'s `start/2` calling a `start_link` of such a process itself, before it starts its tree, counts as plain code: the process is outside the tree.',
    why:
      'A process started outside the supervision tree is invisible to it: no restart when it crashes, no ' +
      'orderly shutdown when the application stops (a background email is cut off mid-send), no place in ' +
      'observer or in the LiveDashboard\'s tree, and nothing to tell you it leaked. Start fire-and-forget work ' +
      'with `Task.Supervisor.start_child/2` under a `Task.Supervisor` in your tree, and long-lived servers with ' +
      '`DynamicSupervisor.start_child/2`. Start functions, child specs and `init` are where processes are ' +
      'meant to start (a plain module\'s `start` that drops the pid it links to its caller is not one); linked and monitored processes, processes that watch their caller, and workers that answer a ' +
      'caller waiting in a call (`GenServer.reply`) end with it; a short-lived worker that sends its result back to the process ' +
      'that started it (`me = self()`, then `Task.start(fn -> send(me, read_line()) end)`) and does not receive ends with its ' +
      'answer, so it is at most a hint suggesting `Task.async`; a spawn that only stops another process (so its ' +
      'caller does not block on the stop) ends with that process; a spawn whose function reboots, powers off or ' +
      'halts the system (`spawn(Nerves.Runtime, :reboot, [])`) runs detached on purpose, since the stop takes down the ' +
      'tree a supervisor would hold it in; a spawn whose pid a call\'s reply hands back counts as kept ' +
      'when the project calls the client function that makes the call; a fire-and-forget start whose function has a ' +
      'comment saying why it needs a process of its own (calling inline would deadlock or block) was chosen knowingly; a start function paired with a public stop of the ' +
      'same process (a tracer started from IEx) leaves the lifecycle to its caller; ' +
      'in a library (a mix project with hex `package:` metadata), a `start_link` returned by a `start_…` function, or by a public function whose `@spec` says it returns a start result ' +
      '(`GenServer.on_start()`, `{:ok, pid()}`), belongs to its caller, since its users\' trees start its processes; an application (no `package:`: a ' +
      'service with its own tree, a kata, loose files) runs its own start functions, so only one called from a server\'s `init` or callbacks is owned (linked to that server); ' +
      'a start function whose every caller in the project runs in a server (its callbacks and the private helpers ' +
      'they call, or a module that a project `__using__` makes a GenServer) starts a worker its owner keeps and is ' +
      'linked to (a download started by an update manager); ' +
      'in an application, a `spawn_link` of a receive loop in a public `start…` function is reported like an unlinked one (linked only to whoever runs `start`), unless a process of the project calls that start, or the module has its own `stop`/`close`; ' +
      'a receive loop that traps exits and restarts the processes it links to is a supervisor written by hand, and so is a GenServer that traps exits and starts processes from its callbacks; ' +
      'Mix tasks, release tasks, tests and scripts run outside the application\'s tree. These are left alone. ' +
      'Application code is `lib/` (or what mix.exs compiles); in a project with no `lib/`, the `.ex` files at its root. ' +
      'A process module\'s start functions are also read in `.ex` files that no mix project holds (a talk\'s loose files ' +
      'beside its mix project): loaded by hand into IEx, calling their `start` is the only way they run. Not flagged: a ' +
      'library\'s unnamed `start_link` or `start` returning a linked pid, a constructor not named `start…` (`new` returning a linked Agent is a value its caller keeps), ' +
      'files of a mix project that it does not compile, and in loose files the other shapes (a bare `spawn` or `Task.start` there is the lesson\'s subject).',
    source: 'Elixir process anti-patterns (unsupervised processes); Task documentation (Task.Supervisor)',
    bad: `defmodule Signup do
  def register(params) do
    user = %{id: System.unique_integer([:positive]), email: params.email}
    Task.start(fn -> Signup.Mailer.welcome(user.email) end)
    {:ok, user}
  end
end`,
    good: `defmodule Signup do
  def register(params) do
    user = %{id: System.unique_integer([:positive]), email: params.email}
    email = user.email
    Task.Supervisor.start_child(Signup.TaskSupervisor, fn -> Signup.Mailer.welcome(email) end)
    {:ok, user}
  end
end`,
  },
  check(mod, ctx) {
    if (isTestCode(mod)) return;
    // A loose `.ex` file of a project without lib/ (course notes) is product code too, for a start from plain code.
    if (mod.file.endsWith('.ex') && !ctx.project.nonProduct(mod)) {
      for (const s of startedFromPlainCode(mod, ctx.project)) {
        const messageId = s.bypassed ? 'bypassed' : mod.behaviour === 'Application' ? 'beforeTree' : 'plainCode';
        ctx.report({ messageId, at: s.call.span, data: { fn: s.fn, module: s.module } });
      }
      for (const s of linkedStartsInCallbacks(mod)) {
        const target = s.runs === undefined ? undefined : ctx.project.module(s.runs);
        if (s.runs !== undefined && (!target || target.isTestFile || (target.behaviour !== 'GenServer' && target.behaviour !== 'Agent'))) continue;
        ctx.report({ messageId: 'callback', at: s.call.span, data: { fn: fnLabel(s.fn), module: s.runs ?? 'Agent' } });
      }
    }
    // Application code as the project lays it out: lib/ (or mix.exs's compiled paths), or loose files when there is
    // no lib/. A process module's start functions are read in files no mix project holds too (a talk's loose
    // `code/genserver/basic.ex` beside its mix project): loaded by hand, their `start` is the only way they run. The
    // other shapes stay with application source: a loose file's bare spawn is the lesson's subject (links, monitors).
    const appSource = ctx.project.isAppSource(mod);
    if (!appSource && !ctx.project.isLoadedByHand(mod)) return;
    // Mix tasks and release tasks (`MyApp.Release`, run with `bin/my_app eval`, as `mix phx.gen.release`
    // generates it) are command-line programs: the application's tree is not running for them to join.
    if (mod.name.startsWith('Mix.Tasks.') || /(?:^|\.)Release$/.test(mod.name)) return;
    // One finding per start site: the start-function finding says more than the generic one below.
    const reported = new Set<number>();
    for (const { handle: h, why } of unsupervisedStarts(mod, ctx.project)) {
      reported.add(h.span.start);
      const data = { call: h.call, fn: h.inFunction, module: mod.name };
      if (why !== 'byHand') ctx.report({ messageId: 'startFunction', at: h.span, data });
      else ctx.report({ messageId: 'byHand', at: h.span, data: { ...data, tie: h.linked ? 'linked only to' : 'unlinked, for' } });
    }
    if (!appSource) return;
    // A spawned receive loop runs until something stops it: long-lived by construction, and unlinked here.
    for (const h of mod.handles) {
      const enclosing = fnName(h.inFunction);
      // A loop restarting the processes it links to is a supervisor written by hand (a lesson on what supervisors do).
      if (h.kind === 'spawn' && h.loop && !h.loop.restarts && !h.linked && h.isPublic && !SUPERVISED_ENTRY.has(enclosing)) {
        reported.add(h.span.start);
        ctx.report({ messageId: 'loop', at: h.span, data: { call: h.call, fn: h.inFunction, loop: h.runs ?? 'a receive loop' } });
      }
    }
    for (const h of linkedLoopsStartedByHand(mod, ctx.project)) {
      if (reported.has(h.span.start)) continue;
      reported.add(h.span.start);
      ctx.report({ messageId: 'linkedLoop', at: h.span, data: { call: h.call, fn: h.inFunction, loop: h.runs ?? 'a receive loop' } });
    }
    for (const s of mod.starts) {
      const enclosing = fnName(s.inFunction);
      if (STARTING_FUNCTIONS.has(enclosing) || s.managed || reported.has(s.span.start)) continue;
      // A comment in the function says why this work gets a process of its own: the choice was made knowingly.
      if (s.explained && (s.call === 'Task.start' || s.call === 'spawn')) continue;
      const data = { call: s.call, fn: s.inFunction };
      // A worker that does one blocking step and sends the result to its starter ends with its answer: a hint (one
      // whose answer the next statement receives is waited for, OTP007's case).
      if (s.answersStarter && s.discarded && !mod.sequentialWaits.some((w) => w.span.start === s.span.start)) {
        ctx.report({ messageId: 'answersStarter', at: s.span, data, atMost: 'hint' });
        continue;
      }
      switch (s.call) {
        case 'Task.start':
          ctx.report({ messageId: 'fireAndForget', at: s.span, data });
          break;
        // An unlinked spawn that keeps its pid is a building block of something that tracks it (a pool, a
        // shutdown enforcer in Task itself); one that drops the pid is fire-and-forget. One whose answer the
        // next statement receives is waited for, not forgotten (OTP007 covers it).
        case 'spawn':
          if (s.discarded && !mod.sequentialWaits.some((w) => w.span.start === s.span.start)) ctx.report({ messageId: 'fireAndForget', at: s.span, data });
          else if (s.repliedTo) {
            // The pid goes back in a call's reply: followed on to the client functions that make the call.
            const client = unheldReply(mod, s.repliedTo, ctx.project);
            if (client) ctx.report({ messageId: 'replied', at: s.span, data: { ...data, client } });
          }
          break;
        // `StringIO.open` starting `__MODULE__` and returning it is the module's own constructor.
        case 'GenServer.start':
        case 'Agent.start':
          if (s.discarded || !s.startsItself) ctx.report({ messageId: 'started', at: s.span, data });
          break;
        // Linked (`*_link`) and monitored starts are tied to their caller, which sees their exit.
        default:
      }
    }
  },
});
