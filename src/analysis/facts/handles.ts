// Process handles: each process a function starts (`GenServer.start*`, `Agent.start*`, `Task.async`, `spawn*`)
// and where its pid goes — returned, bound, passed to a call, stored in a map, registered under a name — plus
// the process calls made on it in the same clause, in order. A pid is a value like any other: rules follow it
// from its start site instead of guessing from variable names.
import { atomValue, callsIn, isLocal, isRemote, keyword, modName, returnPoints, visit } from '../parse/term-queries';
import { originsOf } from './flow';
import { isDrivenByTime, pushesToHeld } from './loop-traits';
import { isConsoleOutput, printsOnly, sendsMessage } from './summaries';
import { arityCalled, clausesAt, functionsCalling, isQuote, isSend, isSpawn } from './statements';
import { fnArity, fnLabel, fnName, type FunctionClause, type Handle, type ModuleFacts } from './types';
import type { ReceiveLoop } from './receive-loop-fact';
import type { Call, Term } from '../parse/term';

const STARTERS: Record<string, readonly string[]> = { GenServer: ['start', 'start_link'], Agent: ['start', 'start_link'], Task: ['async'] };

function startKind(t: Term): Handle['kind'] | undefined {
  if (t.t !== 'call') return undefined;
  const m = modName(t);
  if (m && STARTERS[m]?.includes(t.name)) return m as Handle['kind'];
  // `Task.start_link(fn -> loop(%{}) end)` (the guide's key-value loop) runs its function in a new process as spawn_link does.
  return isSpawn(t) || (m === 'Task' && ['start', 'start_link'].includes(t.name) && t.args.length > 0) ? 'spawn' : undefined;
}

/** The call on a handle: `Agent.update(pid, ...)`, `GenServer.call(pid, ...)`, `send(pid, ...)`, `Task.await(t)`. */
function handleCallLabel(c: Call): string | undefined {
  const m = modName(c);
  if (m === 'Agent' && ['get', 'update', 'get_and_update', 'cast', 'stop'].includes(c.name)) return `Agent.${c.name}`;
  if (m === 'GenServer' && ['call', 'cast', 'stop'].includes(c.name)) return `GenServer.${c.name}`;
  if (m === 'Task' && ['await', 'await!', 'yield', 'shutdown'].includes(c.name)) return `Task.${c.name}`;
  if (isSend(c)) return 'send';
  return undefined;
}

/**
 * The function a spawn runs and the module defining it: `spawn(fn -> loop(0) end)`, `spawn(&loop/0)`,
 * `spawn(__MODULE__, :loop, [0])`, or a function of another module of a script's file (`spawn(Greeter, :greet, [])`
 * below `defmodule Greeter`).
 */
export function spawnTarget(c: Call, mod: ModuleFacts, sameFile: readonly ModuleFacts[] = []): { owner: ModuleFacts; label: string } | undefined {
  const owner = (name: string | undefined) => (name === mod.name ? mod : sameFile.find((m) => m.name === name && m !== mod));
  const at = (m: ModuleFacts | undefined, label: string) => (m ? { owner: m, label } : undefined);
  const [a, b, args] = c.args;
  if (a?.t === 'alias' && atomValue(b)) return at(a.current ? mod : owner(a.name), `${atomValue(b)!.slice(1)}/${args?.t === 'list' ? args.items.length : 0}`);
  if (a?.t === 'fn' && a.clauses.length === 1) {
    const last = a.clauses[0].body[a.clauses[0].body.length - 1];
    if (last?.t === 'call' && !last.mod) return at(mod, `${last.name}/${last.args.length}`);
    if (last?.t === 'call') return at(owner(modName(last)), `${last.name}/${last.args.length}`);
  }
  if (a?.t === 'unary' && a.op === '&' && a.arg.t === 'op' && a.arg.op === '/' && a.arg.right.t === 'lit') {
    const f = a.arg.left;
    if (f.t === 'var') return at(mod, `${f.name}/${a.arg.right.value}`);
    if (f.t === 'call' && f.args.length === 0) return at(owner(modName(f)), `${f.name}/${a.arg.right.value}`);
  }
  return undefined;
}

/** A spawn of another module's function (`spawn(fn -> Counter.Server.run(n) end)`, `spawn(Counter.Server, :run, [n])`). */
function remoteTarget(c: Call): { module: string; fn: string } | undefined {
  const [a, b, args] = c.args;
  if (a?.t === 'alias' && !a.current && atomValue(b)) return { module: a.name, fn: `${atomValue(b)!.slice(1)}/${args?.t === 'list' ? args.items.length : 0}` };
  const last = a?.t === 'fn' && a.clauses.length === 1 ? a.clauses[0].body[a.clauses[0].body.length - 1] : undefined;
  const m = last?.t === 'call' ? modName(last) : undefined;
  if (last?.t === 'call' && m && last.mod?.t === 'alias' && !last.mod.current) return { module: m, fn: `${last.name}/${last.args.length}` };
  return undefined;
}

/** `Agent.start_link(fn -> %{} end)`: the initial value; `GenServer.start(Mod, arg)`: the module it runs. */
function describeStart(c: Call, kind: Handle['kind'], mod: ModuleFacts, sameFile: readonly ModuleFacts[]): Pick<Handle, 'runs' | 'initial' | 'name' | 'loop' | 'printsOnce' | 'entersRemote'> {
  const out: Pick<Handle, 'runs' | 'initial' | 'name' | 'loop' | 'printsOnce' | 'entersRemote'> = {};
  const opts = c.args[c.args.length - 1];
  const written = c.args.length > 1 ? keyword(opts, 'name') : undefined;
  // `name: @name` with `@name __MODULE__`.
  const name = written?.t === 'attr' && !written.value ? (mod.attributes.get(written.name) ?? written) : written;
  if (name) out.name = name.t === 'alias' ? name.name : name.t === 'lit' ? name.value : 'a name';
  if (kind === 'GenServer' && c.args[0]?.t === 'alias') out.runs = c.args[0].name;
  if (kind === 'Agent') {
    const f = c.args[0];
    if (f?.t === 'fn' && f.clauses.length === 1) out.initial = f.clauses[0].body[f.clauses[0].body.length - 1];
    out.runs = mod.name;
  }
  const target = kind === 'spawn' ? spawnTarget(c, mod, sameFile) : undefined;
  if (target) {
    out.runs = target.owner === mod ? target.label : `${target.owner.name}.${target.label}`;
    out.loop = receiveLoop(target.owner, target.label);
    if (!out.loop && printsOnce(target.owner, target.label)) out.printsOnce = true;
  } else if (kind === 'spawn') {
    const remote = remoteTarget(c);
    if (remote) [out.runs, out.entersRemote] = [`${remote.module}.${remote.fn}`, remote];
  }
  return out;
}

function isFromStart(t: Term, start: Call, fn: FunctionClause): boolean {
  if (t === start) return true;
  return originsOf(t, fn).some((o) => 'term' in o && o.term === start);
}

export function collectHandles(mod: ModuleFacts, sameFile: readonly ModuleFacts[] = []): Handle[] {
  const out: Handle[] = [];
  for (const fn of functionsCalling(mod, (c) => startKind(c) !== undefined)) {
    if (!fn.body) continue;
    const starts: Call[] = [];
    visit(fn.body, (t) => {
      if (isQuote(t)) return false;
      if (startKind(t)) starts.push(t as Call);
      return undefined;
    });
    const returned = new Set(returnPoints(fn.body).flatMap((r) => (r.t === 'tuple' ? [r, ...r.items] : [r])));
    for (const start of starts) {
      const kind = startKind(start)!;
      const handle: Handle = {
        kind,
        call: `${modName(start) ?? ''}${modName(start) ? '.' : ''}${start.name}`,
        linked: start.name.endsWith('_link') || start.name === 'async' || start.name === 'spawn_monitor',
        ...describeStart(start, kind, mod, sameFile),
        returned: false,
        boundTo: [],
        passedTo: [],
        storedIn: [],
        uses: [],
        inFunction: fnLabel(fn),
        isPublic: !fn.isPrivate,
        span: start.span,
      };
      for (const r of returned) if (isFromStart(r, start, fn)) handle.returned = true;
      visit(fn.body, (t) => {
        if (t.t === 'op' && t.op === '=' && t.right === start) for (const v of patternVars(t.left)) handle.boundTo.push(v);
        if (t.t === 'call' && t !== start) {
          const label = handleCallLabel(t);
          if (label && t.args[0] && isFromStart(t.args[0], start, fn)) handle.uses.push({ call: label, span: t.span, fun: t.args[1] });
          else if (!label) {
            t.args.forEach((a, i) => {
              if (a.t === 'var' && isFromStart(a, start, fn)) handle.passedTo.push({ to: `${modName(t) ? `${modName(t)}.` : ''}${t.name}/${t.args.length}#${i}`, span: t.span });
            });
          }
        }
        // `Process.register(spawn(...), :producer)`, or through the variable the pid is bound to.
        if (t.t === 'call' && isRemote(t, 'Process', ['register']) && t.args[0] && isFromStart(t.args[0], start, fn)) handle.registeredAs = atomValue(t.args[1]);
        if (t.t === 'map' || (t.t === 'call' && isRemote(t, 'Map', ['put']))) {
          for (const k of t.t === 'map' ? t.items : [t]) {
            const value = k.t === 'pair' ? k.value : k.t === 'call' ? k.args[2] : undefined;
            const key = k.t === 'pair' ? k.key : k.t === 'call' ? k.args[1] : undefined;
            if (value?.t === 'var' && isFromStart(value, start, fn)) handle.storedIn.push(atomValue(key)?.slice(1) ?? 'a map');
          }
        }
        return undefined;
      });
      out.push(handle);
    }
  }
  return out;
}

function patternVars(p: Term): string[] {
  const out: string[] = [];
  visit([p], (t) => {
    if (t.t === 'var' && !t.name.startsWith('_')) out.push(t.name);
    return t.t !== 'unary';
  });
  return out;
}

/** The `receive` calls in a clause (outside closures given to other processes). */
function receivesIn(fn: FunctionClause): Call[] {
  const out: Call[] = [];
  visit(fn.body ?? [], (t) => {
    if (isLocal(t, ['receive']) && t.block) out.push(t);
  });
  return out;
}

function patternText(t: Term | undefined): string {
  return t?.t === 'tuple' && t.items[0]?.t === 'lit' ? `{${t.items[0].value}` : '';
}

/** Messages the runtime delivers (traces, sockets, ports, node events): a loop receiving them needs its process. */
const SYSTEM_MESSAGE = /^\{:(?:trace\w*|tcp\w*|udp\w*|ssl\w*|nodeup|nodedown|system|io_request|io_reply|gen_event_EXIT)$/;

/** Local hand-offs followed from a spawned function to the loop it ends in (`start` → `init` → `loop`). */
const MAX_HANDOFFS = 2;

/** Clauses of the module's own functions that `calls` name (`handle(msg, state)`, `__MODULE__.listen(n)`), the caller excepted. */
function localCallees(mod: ModuleFacts, calls: readonly Call[], except: string): FunctionClause[] {
  const own = calls.filter((x) => !x.mod || (x.mod.t === 'alias' && (x.mod.current || x.mod.name === mod.name)));
  return [...new Set(own.map((x) => `${x.name}/${x.args.length}`))].filter((l) => l !== except).flatMap((l) => clausesAt(mod, fnName(l), fnArity(l)));
}

/**
 * Whether `name/arity` loops on `receive`: a clause receives (itself, or in a local helper it calls:
 * `count = listen(count); run(count)`) and runs itself again — in a branch, after the receive, or through a local
 * handler a branch calls (`msg -> handle(msg, state)` whose clauses call `loop(new_state)`). It replies when a
 * branch or that handler answers with `send`.
 */
function loopAt(mod: ModuleFacts, name: string, called: number): ReceiveLoop | undefined {
  const arity = arityCalled(mod, name, called);
  const label = `${name}/${arity}`;
  const isSelf = (x: Call) => (!x.mod || (x.mod.t === 'alias' && (x.mod.current || x.mod.name === mod.name))) && x.name === name && arityCalled(mod, name, x.args.length) === arity;
  for (const c of clausesAt(mod, name, arity)) {
    const own = callsIn(c.body ?? []);
    const receives = [...receivesIn(c), ...localCallees(mod, own, label).flatMap(receivesIn)];
    // The parameter passed on as it came, not rebound in this clause first (`state = put(state, e); loop(state)`).
    const rebound = (t: Term, i: number) => c.span.start <= t.span.start && t.span.end <= c.span.end && originsOf(t, c).some((o) => !('param' in o) || o.param !== i);
    const same = (t: Term, i: number) => t.t === 'var' && c.params[i]?.t === 'var' && (c.params[i] as { name: string }).name === t.name && !rebound(t, i);
    for (const r of receives) {
      const timed = isDrivenByTime(r.block, (t) => t.t === 'call' && isSelf(t) && t.args.every(same), mod, label);
      const branches: Term[] = [...(r.block?.do?.clauses ?? []).flatMap((k) => k.body), ...(r.block?.do?.body ?? [])];
      const calls = callsIn(branches);
      const handlers = localCallees(mod, calls, label).filter((h) => callsIn(h.body ?? []).some(isSelf));
      const handled = handlers.flatMap((h) => callsIn(h.body ?? []));
      // Recursion may sit after the receive instead of inside it (`receive ... end; loop(state)`).
      const again = [...calls, ...own, ...handled].filter(isSelf);
      // Old Elixir ran `await` written without parentheses as the local call `await()` (books and tutorials still do).
      const bare = arity === 0 && [...(c.body ?? []), ...branches].some((t) => t.t === 'var' && t.name === name);
      if (!again.length && !bare) continue;
      const updates = again.some((x) => x.args.some((t, i) => !same(t, i)));
      // A branch's helper may answer without looping again itself (`{:ball, from} -> pass_ball(from); loop(n + 1)`);
      // one that receives is another loop the process moves on to, not an answer.
      const answering = localCallees(mod, calls, label).filter((h) => !receivesIn(h).length);
      const replies = calls.some(isSend) || handled.some(isSend) || answering.some((h) => sendsMessage(mod, h.name, h.arity, new Set([label])));
      // A send before the receive announces the worker to whoever feeds it (`send(boss, {:ready, self()})`).
      const announces = own.some((x) => isSend(x) && !calls.includes(x));
      const fed = (r.block?.do?.clauses ?? []).some((k) => SYSTEM_MESSAGE.test(patternText(k.args[0])));
      // It does something: prints, or collects what it is sent (a loop dropping every message is a sink by design).
      const busy = updates || own.some(isConsoleOutput);
      const prints = busy && !replies && !timed && !fed && clausesAt(mod, name, arity).every((k) => printsOnly(k.body ?? [], mod, label));
      // Trapping exits and handling `{:EXIT, ...}`: a restarter written by hand, the job a supervisor does.
      const restarts = (r.block?.do?.clauses ?? []).some((k) => /^\{:EXIT$/.test(patternText(k.args[0])));
      const exits = calls.some((x) => !x.mod && x.name === 'exit' && x.args.length === 1);
      return { fn: label, replies, announces, timed, updates, consumes: prints || undefined, exits: exits || undefined, restarts: restarts || undefined, pushes: pushesToHeld(clausesAt(mod, name, arity)) || undefined, span: c.head };
    }
  }
  return undefined;
}

/** `name/arity` receives one message, prints it (or computes and prints) and ends: a printing call sent by `send`. */
function printsOnce(mod: ModuleFacts, label: string): boolean {
  const clauses = clausesAt(mod, fnName(label), fnArity(label));
  return (
    clauses.length > 0 &&
    clauses.every((c) => receivesIn(c).length > 0 && callsIn(c.body ?? []).some(isConsoleOutput) && !sendsMessage(mod, c.name, c.arity, new Set()) && printsOnly(c.body ?? [], mod, label))
  );
}

/** Every function of the module that loops on `receive`. */
export function collectReceiveLoops(mod: ModuleFacts): ReceiveLoop[] {
  const out: ReceiveLoop[] = [];
  // A loop needs a `receive` in one of the module's clauses (loopAt reads no other module): most modules have none,
  // and looking at each of their functions cost a module of n functions n² filters.
  if (!mod.functions.some((f) => f.body && receivesIn(f).length)) return out;
  for (const label of new Set(mod.functions.map(fnLabel))) {
    const loop = loopAt(mod, fnName(label), fnArity(label));
    if (loop) out.push(awaitedBy(mod, label) ? { ...loop, awaited: true } : loop);
  }
  return out;
}

/**
 * Another function of the module calls the loop directly and carries on once it returns (`await_loop(app);
 * unsubscribe(app)`): the loop runs in that caller's process and waits there, it is no process of its own. A call
 * in tail position hands the process over instead (`def run, do: loop([])`), and one inside a closure is a spawn's.
 */
function awaitedBy(mod: ModuleFacts, label: string): boolean {
  return mod.functions.some((f) => {
    if (!f.body || fnLabel(f) === label) return false;
    const tail = new Set(returnPoints(f.body));
    let found = false;
    visit(f.body, (t) => {
      if (found || t.t === 'fn') return false;
      if (t.t === 'call' && !t.mod && `${t.name}/${t.args.length}` === label && !tail.has(t)) found = true;
      return undefined;
    });
    return found;
  });
}

/**
 * The receive loop a spawn runs: `name/arity` loops on receive (loopAt). A function that sets up and then ends in
 * a call of another local function hands the process over to it: that function's loop is the process's, up to
 * `MAX_HANDOFFS` steps. A step that monitors or links to another process is not followed: the process then
 * lives for that other one (a stream's monitor, a watchdog), not as a server of its own.
 */
function receiveLoop(mod: ModuleFacts, label: string, handoffs = MAX_HANDOFFS): Handle['loop'] {
  const [name, arity] = [fnName(label), fnArity(label)];
  const clauses = clausesAt(mod, name, arity);
  const loop = loopAt(mod, name, arity);
  if (loop) return loop;
  if (handoffs === 0 || clauses.some((c) => !c.body || callsIn(c.body).some((x) => isRemote(x, 'Process', ['monitor', 'link'])))) return undefined;
  for (const c of clauses) {
    for (const t of returnPoints(c.body ?? [])) {
      if (t.t !== 'call' || (t.mod && !(t.mod.t === 'alias' && (t.mod.current || t.mod.name === mod.name)))) continue;
      if ((t.name === name && t.args.length === arity) || t.name === 'receive') continue;
      const found = receiveLoop(mod, `${t.name}/${t.args.length}`, handoffs - 1);
      if (found) return found;
    }
  }
  return undefined;
}
