// OTP015: a process written by hand — `spawn` of a function that loops on `receive` holding plain data.
import { defineRule, PREMATURE } from './define';
import { modName } from '../parse/term-queries';
import type { Handle, ModuleFacts } from '../facts/types';

/** The spawns of the project that run `module.fn` (directly, or through the hand-offs handles.ts follows), with their files. */
function startsOf(modules: readonly ModuleFacts[], mod: ModuleFacts, fn: string): { h: Handle; file: string }[] {
  return modules.flatMap((m) =>
    (m.handles ?? [])
      .filter((h) => ((m === mod || h.runs?.startsWith(`${mod.name}.`)) && h.loop?.fn === fn) || (h.entersRemote?.module === mod.name && h.entersRemote.fn === fn))
      .map((h) => ({ h, file: m.file })),
  );
}

/**
 * Its pid is handed to other code or kept in a map (`Ticker.register(pid)`): a subscriber something else pushes to.
 * `Process` functions (register, info, alive?, monitor, link) name, inspect or watch the process: nothing there
 * pushes to it. `Process.put` keeps the pid for later code, as a map does. Printing the pid (`IO.inspect(pid)`,
 * `inspect(pid)`) shows it to a person: no code gets it to send to.
 */
const PRINTED = /^(?:IO\.(?:puts|inspect|write)|:io\.(?:format|fwrite)|inspect)\/\d+#/;
const subscribed = (h: Handle) =>
  h.storedIn.length > 0 || h.passedTo.some(({ to }) => !PRINTED.test(to) && (!to.startsWith('Process.') || to.startsWith('Process.put/')));

export default defineRule({
  id: 'OTP015',
  name: 'hand-rolled-server',
  severity: PREMATURE,
  justifiedBy: ['restart', 'concurrency'],
  messages: {
    server: '{call} starts {loop}, a hand-written server looping on receive and replying with send: keep the data in a value passed to functions; if a process is really needed, a GenServer under a supervisor.',
    unstarted: '{loop} is a hand-written server looping on receive over its argument and replying with send, and nothing here starts it (a spawn from iex?): keep the data in a value passed to functions; if a process is really needed, a GenServer under a supervisor.',
    echo: '{loop} is a hand-written server that holds no data and only answers each message with send, and nothing here starts it: a function returning the answer does the same without a process.',
    printer: '{call} starts {loop}, which waits for one message, prints it and ends, answering nobody: calling a function that prints does the same without a process.',
    consumer: '{loop} is a receive loop that only prints or collects what it is sent and answers nobody: a function doing the printing, called where the message is sent, does the same without a process.',
  },
  explanation: {
    what: '`spawn` (or `spawn_link`, or `Task.start`/`Task.start_link` of a function) of a local function that loops on `receive` and answers requests with `send`.',
    why:
      'A receive loop holding a number, a list or a map is a GenServer written by hand: no supervision, no ' +
      'timeouts on requests, no `:sys` debugging, and a pid nobody restarts. Most of the time the data does not ' +
      'need a process at all: a module of functions taking the value and returning it updated does the same, ' +
      'testably (a loop that rebinds its argument, `state = put(state, e); loop(state)`, holds data it updates ' +
      'just as `loop(put(state, e))` does). Starting the loop with `Task.start_link(fn -> loop(%{}) end)`, as the getting-started guide\'s key-value example does, ' +
      'is the same process: Task only names the spawn. When a process is really needed (shared by concurrent callers, outliving them), write it as a ' +
      'GenServer started by a supervisor. A loop holding no data that only answers each request (an echo), and a ' +
      'loop that only prints or collects what it is sent and answers nobody (or a process that waits for one message only to print it), do nothing a function call cannot; a stop message it ends on with `exit` changes nothing, unless it is started linked or monitored, when its exit reason is what the starter watches for (a lesson on links; a script that defines the module again is another program, so the starts in the loop\'s own file decide). ' +
      'It does not apply to a single `receive` that is no loop (a caller waiting for a reply, `receive ... after ' +
      'ms` bounding the wait), to a loop its own module calls and carries on after (a function waiting in its ' +
      'caller\'s process until what it expects arrives), to loops driven by time (`receive ... after` doing work ' +
      'on the timeout; an `after` that only prints and loops again unchanged times nothing) or by links and monitors, ' +
      'to a loop registered with `:global` that keeps the pids of the processes that joined it (a name server) or ' +
      'in a project that runs several nodes (a multi-node test or a clustering dependency), to loops fed by ' +
      'the runtime (traces, sockets, node events) or subscribed to another process that pushes to them (printing the pid, ' +
      '`IO.inspect(pid)`, hands it to nobody), to a sink that drops every message, to a worker that announces ' +
      'itself to a coordinator feeding it work, to low-level infrastructure that must be a raw process (say why in ' +
      'a suppression comment), or when a test shows concurrent callers or restarts.',
    source: 'Elixir docs, "Processes" and GenServer guides; anti-patterns guide: "Unsupervised processes"',
    bad: `defmodule Counter do
  def start(n), do: spawn(fn -> loop(n) end)

  defp loop(n) do
    receive do
      {:inc, by} -> loop(n + by)
      {:get, from} ->
        send(from, {:count, n})
        loop(n)
    end
  end
end`,
    good: `defmodule Counter do
  def new(n), do: n
  def inc(n, by), do: n + by
  def get(n), do: n
end`,
  },
  check(mod, ctx) {
    if (mod.isTestFile) return;
    for (const h of mod.handles) {
      // A loop in another file is found through the project (`spawn(fn -> Counter.Server.run(n) end)`).
      const owner = h.entersRemote ? ctx.project.module(h.entersRemote.module) : undefined;
      const loop = h.loop ?? owner?.receiveLoops.find((l) => l.fn === h.entersRemote!.fn);
      // A loop driven by time or by links, or one that only consumes, is a process for what it does; one
      // registered across nodes for others to find is a shared service: a name server keeping the pids that joined
      // it (Programming Elixir's ticker registrar), or anything in a project that runs several nodes. A counter
      // or store registered with `:global` where no test or dependency runs a second node is still a GenServer
      // written by hand (the `:global` name itself is OTP011's).
      const multinode = ctx.project.hasMultinodeTests || ctx.project.hasClusterDeps;
      const global = h.passedTo.some(({ to }) => to.startsWith(':global.register')) && (multinode || !!loop?.pushes);
      // A monitored loop is tracked by its starter (ExUnit's on_exit runner), like a supervised one.
      if (loop?.replies && !loop.timed && !global && h.call !== 'spawn_monitor') {
        // The finding sits at the spawn, the process's start; the loop, what to rewrite, is its related place.
        const related = [{ file: h.loop ? mod.file : (owner?.file ?? mod.file), span: loop.span, message: 'the receive loop the process runs' }];
        ctx.report({ messageId: 'server', at: h.span, data: { call: h.call, loop: h.runs ?? 'a receive loop' }, related });
      }
      // The same without the loop: a process that lives for one message, to print it.
      else if (h.printsOnce && !global && !subscribed(h)) ctx.report({ messageId: 'printer', at: h.span, data: { call: h.call, loop: h.runs ?? 'a function' } });
    }
    // A loop that only prints or collects is reported where it is written, whoever starts it: the loop is what goes.
    for (const l of mod.receiveLoops) {
      const starts = l.consumes && !l.awaited ? startsOf(ctx.project.modules, mod, l.fn) : [];
      // A loop that stops itself with `exit`, started linked or monitored, ends so its starter sees how (a lesson on
      // links and exit reasons): the ending is what the process is for.
      // A script defining the module again is another program: the starts beside the loop are the ones that run it.
      const beside = starts.filter((s) => s.file === mod.file);
      const watched = l.exits && (beside.length ? beside : starts).some((s) => s.h.linked || s.h.call === 'spawn_monitor');
      if (!l.consumes || l.awaited || watched || starts.some((s) => subscribed(s.h))) continue;
      const related = starts.map((s) => ({ file: s.file, span: s.h.span, message: `${s.h.call} in ${s.h.inFunction} starts it` }));
      ctx.report({ messageId: 'consumer', at: l.span, data: { loop: `${mod.name}.${l.fn}` }, related });
    }
    // A replying loop that the code never starts (nothing in the module starts a process, no spawn in the project
    // runs it): written to be spawned by hand from iex. One passing its arguments on unchanged may be a worker fed
    // by a scheduler elsewhere; one with no arguments and no announcement holds nothing (an echo).
    if (mod.calls.some(({ call }) => /spawn|start|proc_lib/.test(call.name) || /^(?:Task|:proc_lib|Process)$/.test(modName(call) ?? ''))) return;
    for (const l of mod.receiveLoops) {
      if (!l.replies || l.timed || l.awaited || startsOf(ctx.project.modules, mod, l.fn).length) continue;
      const echo = !l.updates && !l.announces && l.fn.endsWith('/0');
      if (l.updates || echo) ctx.report({ messageId: l.updates ? 'unstarted' : 'echo', at: l.span, data: { loop: `${mod.name}.${l.fn}` } });
    }
  },
});
