// Waiting on another process at once (OTP007) and receiving a message the function sent itself (OTP008).
import type { Call, Term } from '../parse/term';
import { atomValue, callsIn, childrenOf, isLocal, isOutput, isRemote, modName, visit } from '../parse/term-queries';
import { fnArgs, functionsCalling, isQuote, isSend, isSpawn, processClosureCall, statementLists } from './statements';
import { targetOf } from './process-calls';
import { isBareSelf } from './flow';
import { spawnTarget } from './handles';
import { fnLabel, fnName, type ModuleFacts } from './types';

type Wait = ModuleFacts['sequentialWaits'][number];

const AWAIT = ['await', 'await!', 'yield'];

/**
 * `Task.yield(task, ms)` gives up waiting after `ms` and lets the caller go on (Teslamate keeps the task running
 * and moves its state machine to a waiting state); `Task.shutdown/2` or `Task.ignore/1` after it cancels or
 * drops the work. Bounding a call in time is a reason for another process.
 */
function isTimeBound(c: Call): boolean {
  return (isRemote(c, 'Task', ['yield']) && c.args.length >= 2) || isRemote(c, 'Task', ['shutdown', 'ignore']) || hasDeadline(c);
}

/**
 * `Task.await(task, 10_000)`: an explicit bound other than the default 5 s (or `:infinity`) around slow or
 * untrusted work (an `IO.gets` that gives up after 10 s). The deadline is the point of the task.
 */
function hasDeadline(c: Call): boolean {
  if (!isRemote(c, 'Task', ['await']) || c.args.length < 2) return false;
  const t = c.args[1];
  if (t.t === 'lit') return t.kind === 'int' && Number(t.value.replace(/_/g, '')) !== 5000;
  return t.t === 'attr' || t.t === 'op' || (t.t === 'call' && modName(t) === ':timer');
}

/** A comment saying why the work has a process of its own: isolation, its garbage, a crash it must not share. */
const ISOLATION_NOTE = /isolat|garbage|\bgc\b|heap|memory|binar(?:y|ies)|leak|own process|separate process|process dictionary|crash/i;

/** What the started closure calls, one level deep: `Mod.fun` (alias resolved), or `fun` for a local call. */
function closureCalls(start: Call): string[] {
  const out = new Set<string>();
  for (const f of fnArgs(start)) for (const c of callsIn([f])) out.add(c.mod ? `${modName(c) ?? '?'}.${c.name}` : c.name);
  return [...out];
}

function isTaskAsync(t: Term | undefined): t is Call {
  return !!t && isRemote(t, 'Task', ['async']);
}

/** `x = rhs` → rhs, for the statement forms `t = Task.async(...)`, `pid = spawn(...)`. */
function boundValue(t: Term): { name?: string; value: Term } {
  if (t.t === 'op' && t.op === '=') return { name: t.left.t === 'var' ? t.left.name : undefined, value: t.right };
  return { value: t };
}

function isReceive(t: Term): t is Call {
  return isLocal(t, ['receive']) && !!t.block;
}

/** A `receive` with a clause waiting for something other than a monitor's `:DOWN` or a link's `:EXIT`. */
function receivesAnAnswer(r: Call): boolean {
  return (r.block?.do?.clauses ?? []).some((c) => {
    const p = c.args[0];
    const tag = p?.t === 'tuple' ? atomValue(p.items[0]) : undefined;
    return tag !== ':DOWN' && tag !== ':EXIT';
  });
}

/**
 * The closure uses what only a process of its own gives: its own process dictionary, flags, group leader,
 * Logger metadata, mailbox or counters. Running it elsewhere is then the point (Elixir's parallel compiler sets
 * compiler state in a task's dictionary; a task that traps exits must not change its caller's flags; Membrane's
 * benchmark counts the reductions of a fresh process).
 */
function needsOwnProcess(start: Call): boolean {
  return start.args.some((a) =>
    a.t === 'fn' &&
    callsIn([a]).some(
      (c) =>
        isRemote(c, 'Process', ['put', 'delete', 'flag', 'group_leader', 'register', 'link', 'monitor', 'info']) ||
        isRemote(c, ':erlang', ['put', 'erase', 'process_flag', 'group_leader', 'process_info', 'garbage_collect']) ||
        isRemote(c, 'Logger', ['metadata']) ||
        isLocal(c, ['receive']),
    ),
  );
}

/** Starts another process that may still be running when a later task is awaited. */
function isStart(t: Term): boolean {
  return (isRemote(t, 'Task.Supervisor') && t.name.startsWith('async')) || isTaskAsync(t) || isSpawn(t);
}

/** An awaiting function: `&Task.await/1`, `&Task.await(&1)`, `fn t -> Task.await(t) end`. */
function awaitsEach(f: Term | undefined): boolean {
  return !!f && (f.t === 'unary' || f.t === 'fn') && callsIn([f]).some((c) => isRemote(c, 'Task', AWAIT)) || (f?.t === 'unary' && f.arg.t === 'op' && f.arg.left.t === 'call' && isRemote(f.arg.left, 'Task', AWAIT)) === true;
}

/**
 * `xs |> Stream.map(&Task.async(...)) |> Enum.map(&Task.await/1)`: the stream is lazy, so Enum.map starts one
 * task and awaits it before asking the stream for the next: the tasks run one at a time.
 */
function lazyStreams(body: Term[]): Call[] {
  const out: Call[] = [];
  visit(body, (t) => {
    if (!isRemote(t, 'Enum', ['map', 'each'])) return undefined;
    const [source, f] = t.args;
    if (source && isRemote(source, 'Stream', ['map']) && callsIn(source.args.slice(1)).some((c) => isTaskAsync(c)) && awaitsEach(f)) out.push(source);
    return undefined;
  });
  return out;
}

function isSendTo(t: Term, name: string): boolean {
  return isSend(t) && t.args[0]?.t === 'var' && t.args[0].name === name;
}

/** `spawn(Mod, :greet, [])` or `spawn(&greet/0)` of a function (of the module, or of a script's file) that answers with send. */
function spawnedFunctionSends(c: Call, mod: ModuleFacts, sameFile: readonly ModuleFacts[]): boolean {
  const target = spawnTarget(c, mod, sameFile);
  if (!target) return false;
  const name = fnName(target.label);
  return target.owner.functions.some((f) => f.name === name && callsIn(f.body ?? []).some(isSend));
}

export function collectSequentialWaits(mod: ModuleFacts, sameFile: readonly ModuleFacts[] = []): Wait[] {
  const out: Wait[] = [];
  for (const fn of functionsCalling(mod, isStart)) {
    if (!fn.body) continue;
    const inFunction = fnLabel(fn);
    const starts: Term[] = [];
    const pipes: Call[] = [];
    visit(fn.body, (x) => {
      if (isQuote(x)) return false;
      if (isStart(x)) starts.push(x);
      // `Task.async(f) |> Task.await()` and `Task.await(Task.async(f))`, anywhere in the body.
      if (isRemote(x, 'Task', AWAIT) && isTaskAsync(x.args[0]) && !isTimeBound(x)) pipes.push(x.args[0]);
      return undefined;
    });
    // Two tasks started and then awaited one after the other do run side by side: a wait is only sequential
    // when no process started earlier in the function may still be at work.
    const alone = (t: Term) => !starts.some((s) => s !== t && s.span.start < t.span.start);
    const isolated = ISOLATION_NOTE.test(fn.comments ?? '') || undefined;
    const wait = (how: Wait['how'], start: Call): Wait => ({ how, inFunction, calls: closureCalls(start), isolated, span: start.span });
    for (const p of pipes) if (alone(p) && !needsOwnProcess(p)) out.push(wait('task-pipe', p));
    for (const l of lazyStreams(fn.body)) out.push(wait('lazy-stream', l));
    for (const { body } of statementLists(fn.body)) {
      for (let i = 0; i + 1 < body.length; i++) {
        const { name, value } = boundValue(body[i]);
        if (value.t !== 'call' || !alone(value) || needsOwnProcess(value)) continue;
        // The next statement that does something: printing meanwhile is not work, nor is sending the request, nor
        // bookkeeping that calls no function (`y = x * 2`, `label = "sum"`): only a call can run alongside the process.
        let j = i + 1;
        while (j + 1 < body.length && (isOutput(body[j]) || (name && isSendTo(body[j], name)) || callsIn([body[j]]).length === 0)) j++;
        const next = body[j];
        if (isTaskAsync(value) && name) {
          const calls = callsIn([next]);
          const waits = calls.filter((c) => isRemote(c, 'Task') && /^(?:await|yield)/.test(c.name));
          const awaitsIt = waits.length > 0 && waits.every((c) => AWAIT.includes(c.name) && c.args[0]?.t === 'var' && c.args[0].name === name);
          if (awaitsIt && !calls.some(isTimeBound) && !calls.some(isStart)) out.push(wait('task-next', value));
        } else if (isSpawn(value, ['spawn', 'spawn_link'])) {
          const r = boundValue(next).value;
          // Only a spawned closure that sends something back is awaited "for its answer"; a `receive` for a
          // `:DOWN`/`:EXIT` waits for the process to end (isolation), which a direct call cannot give.
          const sends = fnArgs(value).some((f) => callsIn([f]).some(isSend)) || spawnedFunctionSends(value, mod, sameFile);
          // A receive with `after` bounds the wait, like `Task.yield/2` with `Task.shutdown/2` (ElixirLS asks the
          // debugger for a stack trace that way: the call could hang forever).
          if (sends && isReceive(r) && !r.block?.after && receivesAnAnswer(r)) out.push(wait('spawn-receive', value));
        }
      }
    }
  }
  return out;
}

/**
 * `send(self(), msg)` followed by a `receive` in the same process: the same function clause, outside any
 * closure run by another process (whose `self()` is that other process). A send inside a `receive` of a loop
 * feeds the loop's next turn, which is how a hand-written process works, so only a receive after the send counts.
 */
export function collectSelfMessages(mod: ModuleFacts): ModuleFacts['selfMessages'] {
  const out: ModuleFacts['selfMessages'] = [];
  const receiving = new Set(functionsCalling(mod, isReceive));
  for (const fn of functionsCalling(mod, isSend)) {
    if (!fn.body || !receiving.has(fn)) continue;
    const sends: Call[] = [];
    const receives: Call[] = [];
    const foreign = new Set<Term>();
    // `me = self()` names the same process, but only outside closures: ExUnit's runner sends to `runner = self()`
    // from a signal handler's fn, which runs in another process.
    const selves = new Set<string>();
    const inClosure = new Set<Term>();
    const isSelf = (t: Term | undefined) => targetOf(t).kind === 'self' || isBareSelf(t, fn) || (t?.t === 'var' && selves.has(t.name) && !inClosure.has(t));
    visit(fn.body, (t) => {
      if (foreign.has(t) || isQuote(t)) return false;
      if (t.t === 'fn' || inClosure.has(t)) for (const k of childrenOf(t)) inClosure.add(k);
      if (t.t === 'op' && t.op === '=' && t.left.t === 'var' && isSelf(t.right)) selves.add(t.left.name);
      if (t.t !== 'call') return undefined;
      if (processClosureCall(t)) for (const f of fnArgs(t)) foreign.add(f);
      if (isSend(t) && isSelf(t.args[0])) sends.push(t);
      if (isReceive(t)) receives.push(t);
      return undefined;
    });
    for (const s of sends) {
      if (receives.some((r) => r.span.start >= s.span.end)) out.push({ inFunction: fnLabel(fn), span: s.span });
    }
  }
  return out;
}
