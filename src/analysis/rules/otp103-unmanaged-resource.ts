// OTP103: a socket, port or file opened by a plain function and stored away with no process owning it.
import { isTestCode, type ModuleFacts } from '../facts/types';
import { modName } from '../parse/term-queries';
import type { ProjectIndex } from '../project-index';
import { defineRule, REFACTOR_TRIGGER } from './define';

/** Callbacks that make a module a process even without `use GenServer` (`@behaviour :gen_statem`, GenStage). */
const PROCESS_CALLBACKS = /^(?:handle_call|handle_cast|handle_info|handle_event|handle_demand|callback_mode)$/;

function isProcess(mod: ModuleFacts): boolean {
  return mod.behaviour !== undefined || mod.functions.some((f) => !f.isPrivate && PROCESS_CALLBACKS.test(f.name));
}

/**
 * A process module of the project calls the function that opens the resource: the socket belongs to that
 * process (an adapter module opening connections for its GenServer, as database drivers do).
 */
function openedForProcess(mod: ModuleFacts, fn: string, project: ProjectIndex): boolean {
  const name = fn.slice(0, fn.lastIndexOf('/'));
  return project.modules.some((m) => m !== mod && isProcess(m) && m.calls.some(({ call }) => modName(call) === mod.name && call.name === name));
}

export default defineRule({
  id: 'OTP103',
  name: 'unmanaged-resource',
  severity: REFACTOR_TRIGGER,
  justifiedBy: [],
  messages: {
    unmanaged:
      '{call} in {function} opens a resource and stores it away (process dictionary, `:persistent_term` or ETS) ' +
      'instead of closing it or handing it to a process: it lives as long as whichever process called it. A ' +
      'process that owns it could open, reuse and close it.',
  },
  explanation: {
    what:
      'A socket, port or file (`:gen_tcp.connect/listen`, `:gen_udp.open`, `:ssl.connect/listen`, `Port.open`, ' +
      '`File.open` without a function) opened in a module that is not a process and stored away (`Process.put`, ' +
      '`:persistent_term`, ETS), neither closed in the same function nor given to another process with ' +
      '`controlling_process`.',
    why:
      'A port or socket is linked to the process that opened it: here that is whatever process happened to call ' +
      'this function. Stored in a global place, other code reaches it while its messages (active sockets, port ' +
      'output) go to that caller, it closes when the caller exits, and nothing closes it. Once the tests show it ' +
      'is opened more than once or ' +
      'shared, give it an owner: a GenServer that opens it in `init`, serves requests over it, reconnects and ' +
      'closes it in `terminate`, under a supervisor. A file used within one function is better opened with ' +
      '`File.open/3` and a function, which closes it. Not flagged: a resource the function returns (a factory: it ' +
      'ran in its caller\'s process, which owns the resource and gets the handle to use and close), one opened in `init/1` (the process ' +
      'being started owns it), by a module implementing a behaviour (a transport callback returns the socket to ' +
      'the process that called it), or by a function a process module of the project calls.',
    source: 'OTP Advisor: TDD guidance (REFACTOR: give long-lived resources an owning process)',
    bad: `defmodule Metrics.Client do
  def connect(host, port) do
    {:ok, socket} = :gen_tcp.connect(host, port, [:binary, active: false])
    :persistent_term.put(:metrics_socket, socket)
  end

  def send_metric(line), do: :gen_tcp.send(:persistent_term.get(:metrics_socket), line)
end`,
    good: `defmodule Metrics.Client do
  def send_metrics(host, port, lines) do
    {:ok, socket} = :gen_tcp.connect(host, port, [:binary, active: false])
    try do
      Enum.each(lines, &:gen_tcp.send(socket, &1))
    after
      :gen_tcp.close(socket)
    end
  end
end`,
  },
  check(mod, ctx) {
    // A module implementing a behaviour (a transport's `listen/2` returning `{:ok, socket}`) hands what it
    // opens to the behaviour's caller, a process that owns it (ThousandIsland's Listener).
    if (isTestCode(mod) || isProcess(mod) || mod.attributes.has('behaviour')) return;
    for (const r of mod.resources) {
      // `init/1` runs in the process being started: that process owns what it opens.
      if (r.managed || r.inFunction === 'init/1' || openedForProcess(mod, r.inFunction, ctx.project)) continue;
      ctx.report({ messageId: 'unmanaged', at: r.span, data: { call: `\`${r.call}\``, function: r.inFunction } });
    }
  },
});
