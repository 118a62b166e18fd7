// Processes started by plain calls (`GenServer.start_link`, `Agent.start`, `Task.start`, `spawn`...), with
// whether the caller keeps what the call returns (OTP021).
import type { Call, Term } from '../parse/term';
import { atomValue, callsIn, isRemote, modName, returnPoints, varsIn, visit } from '../parse/term-queries';
import { originsOf } from './flow';
import { functionsCalling, isQuote, isSend, isSpawn, localClauses, statementLists } from './statements';
import { fnLabel, type FunctionClause, type ModuleFacts } from './types';

const STARTERS: Record<string, readonly string[]> = {
  GenServer: ['start', 'start_link'],
  Agent: ['start', 'start_link'],
  Task: ['start', 'start_link'],
};

function startLabel(t: Term): string | undefined {
  if (t.t !== 'call') return undefined;
  const m = modName(t);
  if (m && STARTERS[m]?.includes(t.name)) return `${m}.${t.name}`;
  return isSpawn(t) ? t.name : undefined;
}

/** `_ = start(...)`, `{:ok, _pid} = start(...)`: a match that keeps nothing. */
function keepsNothing(pattern: Term): boolean {
  return varsIn([pattern]).size === 0;
}

/**
 * `pid = spawn(...)` then only `send(pid, ...)`: the pid is kept just long enough to hand the process its input,
 * then dropped like an unbound one. Any other mention (returned, stored, passed on, monitored) keeps it.
 */
function onlyMessaged(pattern: Term, body: Term[]): boolean {
  const kept = varsIn([pattern]);
  if (!kept.size) return false;
  let sends = 0;
  let others = 0;
  visit(body, (t) => {
    if (t === pattern) return false;
    if (isSend(t) && t.args[0]?.t === 'var' && kept.has(t.args[0].name)) {
      sends++;
      visit(t.args.slice(1), (x) => void (x.t === 'var' && kept.has(x.name) && others++));
      return false;
    }
    if (t.t === 'var' && kept.has(t.name)) others++;
    return undefined;
  });
  return sends > 0 && others === 0;
}

/**
 * `pid = spawn(...)` in a `handle_call` whose pid, besides the sends that feed it, only goes back in the reply
 * (`{:reply, {:ok, pid}, state}`, directly or through a variable): the process is handed to the caller of the call.
 * Gives the call's message key (see `messageKey`), so a rule follows the pid on to the client functions sending it.
 */
function repliedOnly(pattern: Term, fn: FunctionClause): string | undefined {
  const kept = varsIn([pattern]);
  const key = messageKey(fn.params[0]);
  if (!kept.size || fn.name !== 'handle_call' || fn.params.length !== 3 || !key) return undefined;
  const replies = new Set<Term>();
  for (const r of returnPoints(fn.body ?? [])) {
    const reply = r.t === 'tuple' && atomValue(r.items[0]) === ':reply' ? r.items[1] : undefined;
    if (!reply) continue;
    replies.add(reply);
    for (const o of originsOf(reply, fn)) if ('term' in o) replies.add(o.term);
  }
  let inReply = 0;
  let others = 0;
  visit(fn.body ?? [], (t) => {
    if (t === pattern) return false;
    if (replies.has(t)) {
      visit([t], (x) => void (x.t === 'var' && kept.has(x.name) && inReply++));
      return false;
    }
    if (isSend(t) && t.args[0]?.t === 'var' && kept.has(t.args[0].name)) return false;
    if (t.t === 'var' && kept.has(t.name)) others++;
    return undefined;
  });
  return inReply > 0 && others === 0 ? key : undefined;
}

/** A call message by its constant head: `:add` for `:add`, `{:add` for `{:add, item}`; undefined otherwise. */
export function messageKey(t: Term | undefined): string | undefined {
  const atom = atomValue(t);
  if (atom) return atom;
  const head = t?.t === 'tuple' ? atomValue(t.items[0]) : undefined;
  return head ? `{${head}` : undefined;
}

/**
 * The closure ties its life to another process (`Process.monitor(parent)` then exits with it: ElixirLS's build
 * watchdog) or stops the application (a restart command): a supervisor would add nothing, or be stopped under it.
 */
function managesItself(c: Call, mod: ModuleFacts): boolean {
  const watches = (x: Call) => isRemote(x, 'Process', ['monitor', 'link']);
  // Through one local helper too: `spawn(fn -> enforce(pid, caller) end)` where `enforce` monitors the caller (Task.shutdown).
  const helperWatches = (x: Call) => localClauses(mod, x).some((f) => !!f.body && callsIn(f.body).some(watches));
  return c.args.some(
    (a) =>
      a.t === 'fn' &&
      callsIn([a]).some(
        (x) =>
          ((x.name === 'stop' || x.name === 'restart') && /(?:^|\.)(?:Application|System|:init)$/.test(modName(x) ?? '')) ||
          watches(x) ||
          helperWatches(x) ||
          isRemote(x, 'System', ['halt']),
      ),
  );
}

/** Functions that take the whole system down: the node halts, or the device reboots or powers off (Nerves.Runtime). */
const SYSTEM_ENDS = new Set([':reboot', ':poweroff', ':halt']);

/**
 * The spawned function reboots, powers off or halts the system (`spawn(fn -> Nerves.Runtime.reboot() end)`, or
 * `spawn(mod, fun, [])` whose `fun` is `:reboot` on every branch that binds it). The stop it begins takes the
 * application tree down: under a supervisor of that tree it would be killed half-way, so it runs detached on purpose.
 */
function endsSystem(c: Call, fn: FunctionClause): boolean {
  const [first, f] = c.args;
  if (first?.t === 'fn') {
    const calls = callsIn([first]);
    return calls.length > 0 && calls.some((x) => !!x.mod && SYSTEM_ENDS.has(`:${x.name}`));
  }
  if (c.args.length !== 3 || !f) return false;
  const names = f.t === 'var' ? originsOf(f, fn).flatMap((o) => ('term' in o ? valuesAt(o.term, o.path) : [undefined])) : [f];
  return names.length > 0 && names.every((n) => SYSTEM_ENDS.has(atomValue(n) ?? ''));
}

/** What a term may evaluate to at a tuple path: `{m, :reboot, []}` on each branch of an `if`, at path [1]. */
function valuesAt(t: Term, path: number[]): (Term | undefined)[] {
  return returnPoints([t]).map((r) => path.reduce<Term | undefined>((v, i) => (v?.t === 'tuple' ? v.items[i] : undefined), r));
}

/**
 * The closure only stops other processes (`spawn(fn -> GenServer.stop(pid) end)`, so the caller does not block
 * on the stop): it ends when they do, and the processes it stops are the managed ones.
 */
function onlyStops(c: Call): boolean {
  return c.args.some((a) => {
    if (a.t !== 'fn') return false;
    const calls = callsIn([a]);
    return calls.length > 0 && calls.every((x) => STOPS.some(([m, fns]) => isRemote(x, m, fns)));
  });
}
const STOPS: [string, string[]][] = [
  ['GenServer', ['stop']],
  ['Supervisor', ['stop']],
  ['Agent', ['stop']],
  ['Task', ['shutdown']],
  ['Process', ['exit']],
  ['DynamicSupervisor', ['stop', 'terminate_child']],
];

/** `GenServer.start(__MODULE__, ...)`: the module's own constructor (`StringIO.open/2`), not a caller's choice. */
function startsItself(c: Call, module: string): boolean {
  const first = c.args[0];
  return !!modName(c) && first?.t === 'alias' && (first.current === true || first.name === module);
}

/** `GenServer.reply(from, ...)` and its gen_statem / Erlang spellings: an answer to a caller waiting in a call. */
function isReply(c: Call): boolean {
  const m = c.mod?.t === 'alias' ? c.mod.name : c.mod?.t === 'lit' && c.mod.kind === 'atom' ? c.mod.value : undefined;
  return c.name === 'reply' && m !== undefined && REPLY_MODULES.has(m);
}
const REPLY_MODULES = new Set(['GenServer', 'GenStateMachine', ':gen_server', ':gen_statem', ':gen']);

/** Names of the module's functions that answer a waiting caller, themselves or through other local functions. */
function replyingFunctions(mod: ModuleFacts): Set<string> {
  const out = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const f of mod.functions) {
      if (out.has(f.name) || !f.body || !callsIn(f.body).some((c) => isReply(c) || (!c.mod && out.has(c.name)))) continue;
      out.add(f.name);
      grew = true;
    }
  }
  return out;
}

/**
 * A worker handed a caller's `from`: it does the slow part of a call off the server's loop and ends by answering
 * (`GenServer.reply`), directly or through the module's helpers. It lives as long as that one call; the caller's
 * call, not a supervisor, is what waits for it. `spawn(__MODULE__, :fun, args)` names the helper by atom.
 */
function answersCaller(c: Call, module: string, replying: Set<string>): boolean {
  const replies = (x: Call) => isReply(x) || (!x.mod && replying.has(x.name));
  if (c.args.some((a) => a.t === 'fn' && callsIn([a]).some(replies))) return true;
  const [m, f] = c.args;
  return m?.t === 'alias' && (m.current === true || m.name === module) && f?.t === 'lit' && f.kind === 'atom' && replying.has(f.value.slice(1));
}

/**
 * A short-lived worker that answers the process starting it: `me = self()` then `Task.start(fn -> send(me,
 * get_io(user)) end)`. It does one piece of blocking work, sends the result back and ends; the starter is waiting
 * for that message (a console reader's next line). Not the long-running orphan of the guide, though `Task.async`
 * would link it to its starter. A closure that receives is a loop, not one answer.
 */
function answersStarter(c: Call, fn: FunctionClause): boolean {
  const closure = c.args.length === 1 && c.args[0].t === 'fn' ? c.args[0] : undefined;
  if (!closure) return false;
  const calls = callsIn([closure]);
  if (calls.some((x) => !x.mod && x.name === 'receive')) return false;
  const isSelf = (t: Term) => t.t === 'call' && !t.mod && t.name === 'self' && t.args.length === 0;
  return calls.some((x) => isSend(x) && x.args[0]?.t === 'var' && originsOf(x.args[0], fn).some((o) => 'term' in o && isSelf(o.term)));
}

/**
 * A comment saying why the work is handed to a process of its own and not waited for: calling it inline would
 * deadlock or block the caller (Sentry's logger handler removes a handler from a throw-away process because the
 * logger process itself is the caller; Nerves runs its heart handshake in another thread so that a caller inside
 * the heart callback is not held up), or the work must outlive a caller that may be killed mid-way (Nerves runs a
 * power-off command decoupled from the caller). Erlang authors often say thread for process.
 */
const DELIBERATE_NOTE =
  /deadlock|\b(?:separate|own|another|different|detached|independent)\s+(?:process|thread)|\bdecoupled\b|would block|\b(?:without|avoids?|not|never)\s+block|on purpose|deliberately|intentionally/i;

export function collectStarts(mod: ModuleFacts): ModuleFacts['starts'] {
  const out: ModuleFacts['starts'] = [];
  let replying: Set<string> | undefined;
  const managed = (c: Call, fn: FunctionClause) => managesItself(c, mod) || onlyStops(c) || endsSystem(c, fn) || answersCaller(c, mod.name, (replying ??= replyingFunctions(mod)));
  for (const fn of functionsCalling(mod, (c) => startLabel(c) !== undefined)) {
    if (!fn.body) continue;
    const discarded = new Set<Term>();
    const replied = new Map<Term, string>();
    for (const { body, used } of statementLists(fn.body)) {
      body.forEach((st, i) => {
        const key = st.t === 'op' && st.op === '=' ? repliedOnly(st.left, fn) : undefined;
        if (st.t === 'op' && st.op === '=' && (keepsNothing(st.left) || onlyMessaged(st.left, fn.body!))) discarded.add(st.right);
        else if (st.t === 'op' && st.op === '=' && key) replied.set(st.right, key);
        else if (i < body.length - 1 || !used) discarded.add(st);
      });
    }
    const explained = DELIBERATE_NOTE.test(fn.comments ?? '') || undefined;
    visit(fn.body, (t) => {
      if (isQuote(t)) return false;
      const call = startLabel(t);
      const answers = (call === 'Task.start' || call === 'spawn') && answersStarter(t as Call, fn) ? true : undefined;
      if (call) out.push({ call, inFunction: fnLabel(fn), discarded: discarded.has(t), repliedTo: replied.get(t), startsItself: startsItself(t as Call, mod.name), managed: managed(t as Call, fn), explained, answersStarter: answers, span: t.span });
      return undefined;
    });
  }
  return out;
}
