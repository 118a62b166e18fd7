// Processes a GenServer starts linked to itself from its message callbacks (OTP021): the Mix and OTP guide's
// first registry, whose `handle_cast({:create, name}, names)` runs `{:ok, bucket} = KV.Bucket.start_link([])`.
// Each message starts a process that lives under no supervisor and is linked to the server, so one entry's crash
// takes the server (and every other entry) down with it.
import type { Call, Term } from '../parse/term';
import { atomValue, isConstant, isRemote, modName, varsIn, visit } from '../parse/term-queries';
import type { FunctionClause, ModuleFacts } from './types';

export interface CallbackStart {
  call: Call;
  fn: FunctionClause;
  /** The module the started process runs: a project module's `start_link`, or the module of `GenServer.start_link(Mod, ...)`; undefined for an anonymous Agent. */
  runs?: string;
}

const MESSAGE_CALLBACKS = new Set(['handle_call', 'handle_cast', 'handle_info']);

/** `Process.flag(:trap_exit, true)` anywhere in the module: the server handles its links' exits itself (a supervisor written by hand). */
function trapsExits(mod: ModuleFacts): boolean {
  return mod.calls.some(({ call }) => isRemote(call, 'Process', ['flag']) && atomValue(call.args[0]) === ':trap_exit' && atomValue(call.args[1]) !== ':false');
}

/**
 * What a linked start runs: `Mod.start_link(...)`, own `start_link(...)`, `GenServer.start_link(Mod, ...)` (the
 * same start, spelled through GenServer), `Agent.start_link(fun)` (an anonymous Agent: `runs` undefined).
 */
export function linkedStartTarget(call: Call, mod: ModuleFacts): { runs?: string } | undefined {
  if (call.name !== 'start_link') return undefined;
  if (!call.mod) return mod.functions.some((f) => f.name === 'start_link' && !f.isPrivate) ? { runs: mod.name } : undefined;
  const m = modName(call);
  if (m === 'GenServer') {
    const first = call.args[0];
    return first?.t === 'alias' ? { runs: first.current ? mod.name : first.name } : undefined;
  }
  if (m === 'Agent') return call.args[0]?.t === 'fn' ? {} : undefined;
  if (m === 'Task' || m === 'Supervisor' || m === 'DynamicSupervisor' || m === 'Registry') return undefined;
  return call.mod?.t === 'alias' ? { runs: call.mod.current ? mod.name : m } : undefined;
}

/**
 * The started pid goes into a collection under a run-time key (`Map.put(names, name, pid)`, `[pid | pids]`): one
 * process per message. A pid kept in a field of its own (`%{state | group_leader: pid}`) is a helper the server
 * starts once and lives with (Livebook's runtime server and its group leader).
 */
function collected(start: Call, fn: FunctionClause): boolean {
  const pids = new Set<string>();
  visit(fn.body ?? [], (t) => {
    if (t.t === 'op' && t.op === '=' && t.right === start) for (const v of varsIn([t.left])) pids.add(v);
  });
  const isPid = (t: Term | undefined) => t?.t === 'var' && pids.has(t.name);
  let found = false;
  visit(fn.body ?? [], (t) => {
    if (t.t === 'call' && isRemote(t, 'Map', ['put', 'put_new']) && isPid(t.args[2]) && !isConstant(t.args[1]!)) found = true;
    if (t.t === 'op' && t.op === '|' && isPid(t.left)) found = true;
    return !found;
  });
  return found;
}

/** Linked starts in a GenServer's `handle_call`/`handle_cast`/`handle_info` kept per message, unless the server traps exits. */
export function linkedStartsInCallbacks(mod: ModuleFacts): CallbackStart[] {
  if (mod.behaviour !== 'GenServer' || trapsExits(mod)) return [];
  return mod.calls.flatMap(({ call, fn }) => {
    if (!MESSAGE_CALLBACKS.has(fn.name)) return [];
    const started = linkedStartTarget(call, mod);
    return started && collected(call, fn) ? [{ call, fn, ...started }] : [];
  });
}
