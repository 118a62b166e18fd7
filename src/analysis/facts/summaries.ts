// Summaries of a module's own functions, so rules look through helpers instead of stopping at them: is the
// function pure (computes a value from its arguments, touches no process, file or device), and does it return
// one of its arguments, unchanged or updated? Standard-library functions are summarised once, below; the
// module's functions are summarised from their converted clauses, to a bounded depth (recursion counts as pure).
import type { Call, Term } from '../parse/term';
import { callsIn, modName, returnPoints, visit } from '../parse/term-queries';
import { paramOf } from './flow';
import { calledModule } from './reach';
import { arityCalled, clausesAt, isSend } from './statements';
import type { HeldModules } from './state-modules';
import type { FunctionClause, ModuleFacts } from './types';

/** Modules whose functions compute a value from their arguments and touch nothing else. */
// `Dict`, `HashDict` and `HashSet`: the data modules of early Elixir (deprecated, still in learners' code), as pure as Map.
// `:rand` draws from (and seeds) the calling process's own generator, as `Enum.random` does: no other process sees it.
const PURE_MODULES = new Set(['Map', 'List', 'Enum', 'Keyword', 'MapSet', 'String', 'Tuple', 'Integer', 'Float', 'Kernel', 'Access', 'Stream', 'Range', 'Bitwise', ':lists', ':maps', ':math', ':rand', 'Date', 'Decimal', 'Dict', 'HashDict', 'HashSet']);
/** Kernel functions and special forms that are pure (operators are `op` terms, not calls). */
const PURE_LOCALS = new Set([
  'elem', 'put_elem', 'hd', 'tl', 'length', 'map_size', 'tuple_size', 'max', 'min', 'abs', 'div', 'rem', 'round', 'trunc',
  'get_in', 'put_in', 'update_in', 'pop_in', 'struct', 'struct!', 'not', 'is_nil', 'is_integer', 'is_list', 'is_map', 'is_atom',
  'is_binary', 'is_number', 'is_tuple', 'is_boolean', 'is_function', 'to_string', 'to_charlist', 'byte_size', 'ceil', 'floor', 'if', 'unless', 'case', 'cond', 'with', 'for', 'then', 'tap', 'inspect',
]);
/**
 * Calls that read the program's own inputs (a data file, the application's environment) and change nothing:
 * loading a constant at start is still computing a constant.
 */
const READS: Record<string, readonly string[] | 'all'> = {
  File: ['read', 'read!', 'stream!', 'exists?', 'ls', 'ls!'],
  Path: 'all',
  Application: ['get_env', 'fetch_env', 'fetch_env!', 'app_dir'],
  ':code': ['priv_dir'],
};
/** Beyond this many helper hops a summary gives up (unknown counts as impure). */
const MAX_DEPTH = 4;
/**
 * APIs through which code reaches other processes (messages, calls, starts, links, monitors, timers, names,
 * shared tables) or its own process's identity: what a process can do that the caller of a plain function cannot.
 * `Process.sleep` and `:timer.sleep`/`tc` only wait.
 */
const PROCESS_MODULES = new Set([
  'GenServer', 'Agent', 'Task', 'Task.Supervisor', 'Supervisor', 'DynamicSupervisor', 'Registry', 'Node', 'Port', 'GenStage',
  'Phoenix.PubSub', ':ets', ':dets', ':global', ':pg', ':gen_server', ':gen_statem', ':gen_tcp', ':gen_udp', ':ssl', ':rpc', ':erpc', ':persistent_term',
]);
const WAITS: Record<string, readonly string[]> = { Process: ['sleep'], ':timer': ['sleep', 'tc', 'seconds', 'minutes', 'hours'] };
/** Writes to a shared resource, which one process can serialise (a store persisted to a file): like touching a process. */
const SHARED_WRITES: Record<string, readonly string[] | 'all'> = {
  File: ['write', 'write!', 'open', 'open!', 'rm', 'rm!', 'rm_rf', 'rm_rf!', 'cp', 'cp!', 'cp_r', 'rename', 'rename!', 'touch', 'touch!', 'mkdir', 'mkdir_p', 'mkdir_p!', 'ln_s'],
  ':file': 'all',
};
const PROCESS_LOCALS = new Set(['send', 'spawn', 'spawn_link', 'spawn_monitor', 'self', 'receive', 'exit', 'node', 'apply']);

/**
 * How far code reaches. `none`: it computes a value. `outside`: it also acts on the world outside the process
 * (output, reading files, the network, the clock, or code the tool cannot read that names no process API), which
 * its caller could do as well. `process`: it touches processes (see PROCESS_MODULES) or writes a shared resource,
 * or cannot be followed.
 */
export type Effect = 'none' | 'outside' | 'process';
const RANK: Record<Effect, number> = { none: 0, outside: 1, process: 2 };
const worst = (a: Effect, b: Effect): Effect => (RANK[a] >= RANK[b] ? a : b);

export type Returns = { kind: 'argument'; index: number; updated: boolean } | { kind: 'constant' } | { kind: 'other' };

export interface Summary {
  /** `effect === 'none'`. */
  pure: boolean;
  effect: Effect;
  returns: Returns;
}

const CACHE = new WeakMap<ModuleFacts, Map<string, Summary>>();

/** Where a summary is being computed from: the project (for calls into its other modules), the depth, the functions in progress. */
interface Walk {
  project?: { module(name: string): ModuleFacts | undefined };
  depth: number;
  visiting: Set<string>;
  /** Reading files and the environment counts as pure (a value loaded once, see `loadsOnly`). */
  reads?: boolean;
  /** The modules a variable of the clause being checked holds (a handler kept in a GenServer's state). */
  held?: HeldModules;
  /** Console output counts as pure (`printsOnly`), and so does the loop being checked (`visiting`). */
  prints?: boolean;
}

/** The summary of a module's function by name and arity, or undefined when it is not defined (or not readable) there. */
export function summaryOf(mod: ModuleFacts, name: string, called: number, walk: Walk = { depth: 0, visiting: new Set() }): Summary | undefined {
  const arity = arityCalled(mod, name, called);
  const key = `${name}/${arity}`;
  const id = `${mod.name}.${key}`;
  let cache = CACHE.get(mod);
  if (!cache) CACHE.set(mod, (cache = new Map()));
  // Summaries that looked into other modules are not kept: those modules change on their own (the language server).
  const cached = !walk.project && !walk.reads && !walk.prints;
  const known = cached ? cache.get(key) : undefined;
  if (known) return known;
  const clauses = mod.functions.filter((f) => f.name === name && f.arity === arity);
  if (!clauses.length) return undefined;
  // A clause left unconverted names no process API (those make a clause worth converting): at most `outside`.
  if (clauses.some((c) => !c.body)) return clauses.every((c) => c.body || c.quiet || (walk.reads && c.readsOnly)) ? PURE_OTHER : OUTSIDE_OTHER;
  if (walk.visiting.has(id)) return PURE_OTHER;
  if (walk.depth > MAX_DEPTH) return { pure: false, effect: 'process', returns: { kind: 'other' } };
  walk.visiting.add(id);
  // Variables of the clause being checked mean nothing in the helper's clauses.
  const inner = { ...walk, depth: walk.depth + 1, held: undefined };
  const effect = clauses.map((c) => effectIn([...(c.body ?? []), ...(c.guard ? [c.guard] : [])], mod, inner)).reduce(worst, 'none');
  const pure = effect === 'none';
  const summary: Summary = { pure, effect, returns: returnsOf(clauses, pure) };
  walk.visiting.delete(id);
  if (cached) cache.set(key, summary);
  return summary;
}

/** The clause calls its own function directly: recursion. */
export function recurses(fn: FunctionClause): boolean {
  return callsIn(fn.body ?? []).some((c) => !c.mod && c.name === fn.name && c.args.length === fn.arity);
}

/**
 * Pure code: only pure standard-library calls, operators, closures and pure functions of the module (and, given
 * the project, of its other modules).
 */
export function isPure(roots: Term[], mod: ModuleFacts, project?: Walk['project'], held?: HeldModules): boolean {
  return pureIn(roots, mod, { project, depth: 0, visiting: new Set(), held });
}

/** Pure code that may also read files and the application environment: a constant loaded at start (a data file parsed in `init`). */
export function loadsOnly(roots: Term[], mod: ModuleFacts, project?: Walk['project']): boolean {
  return pureIn(roots, mod, { project, depth: 0, visiting: new Set(), reads: true });
}

/**
 * Code that computes and prints and does nothing else: pure, or writing to the console (`IO.puts`, `:io.format`),
 * inside the `receive` of the loop `loop` (`name/arity`), whose own calls count as pure. A receive loop doing only
 * this gives nothing back to anyone: a function printing its argument does the same.
 */
export function printsOnly(roots: Term[], mod: ModuleFacts, loop: string): boolean {
  return pureIn(roots, mod, { depth: 0, visiting: new Set([`${mod.name}.${loop}`]), prints: true });
}

/** Console output: what a print-only loop may do besides computing. */
const PRINTS: Record<string, readonly string[]> = { IO: ['puts', 'inspect', 'write'], ':io': ['format', 'fwrite'] };
export const isConsoleOutput = (c: Call): boolean => !!PRINTS[modName(c) ?? '']?.includes(c.name);

/**
 * The module's function sends a message (`send`, `Process.send`), itself or through the module's own functions it
 * calls, `except` those (the loop that called it): `pass_ball(from)` answering for the loop that calls it.
 */
// A plain boolean: `isSend` is a type guard, which would narrow the other calls of the `||` below to `never`.
const sends = (c: Call): boolean => isSend(c);

export function sendsMessage(mod: ModuleFacts, name: string, arity: number, except: Set<string>, depth = 0): boolean {
  const key = `${name}/${arity}`;
  if (except.has(key) || depth > MAX_DEPTH) return false;
  const calls = clausesAt(mod, name, arity).flatMap((f) => callsIn(f.body ?? []));
  const seen = new Set([...except, key]);
  return calls.some((c) => sends(c) || ((!c.mod || modName(c) === mod.name) && sendsMessage(mod, c.name, c.args.length, seen, depth + 1)));
}

const PURE_OTHER: Summary = { pure: true, effect: 'none', returns: { kind: 'other' } };
const OUTSIDE_OTHER: Summary = { pure: false, effect: 'outside', returns: { kind: 'other' } };

function pureIn(roots: Term[], mod: ModuleFacts, walk: Walk): boolean {
  return effectIn(roots, mod, walk, 'outside') === 'none';
}

/** The strongest effect of the code, stopping as soon as it reaches `enough`. */
function effectIn(roots: Term[], mod: ModuleFacts, walk: Walk, enough: Effect = 'process'): Effect {
  let effect: Effect = 'none';
  visit(roots, (t) => {
    if (t.t === 'call') effect = worst(effect, callEffect(t, mod, walk));
    else if (t.t === 'other') effect = 'process';
    return RANK[effect] < RANK[enough];
  });
  return effect;
}

/**
 * The effect of one call itself (its arguments are code of the caller's): the summary of the function it calls.
 * For the state of a process (state-effects.ts), with the modules a variable of the clause is known to hold.
 */
export function effectOfCall(c: Call, mod: ModuleFacts, project?: Walk['project'], held?: HeldModules): Effect {
  return callEffect(c, mod, { project, depth: 0, visiting: new Set(), held });
}

function callEffect(c: Call, mod: ModuleFacts, walk: Walk): Effect {
  // `@backend.create(e)`: the module the attribute holds, a service module of the project read like any other.
  const m = calledModule(c, mod);
  const reads = m ? READS[m] : undefined;
  if (walk.reads && reads && (reads === 'all' || reads.includes(c.name))) return 'none';
  // `exit(:normal)` on a stop message ends the loop and hands nobody anything: still a loop that only prints.
  if (walk.prints && (isConsoleOutput(c) || (!c.mod && (c.name === 'receive' || c.name === 'self' || (c.name === 'exit' && c.args.length === 1))))) return 'none';
  if (m && (WAITS[m]?.includes(c.name))) return 'outside';
  const writes = m ? SHARED_WRITES[m] : undefined;
  if (m && (PROCESS_MODULES.has(m) || m === 'Process' || m === ':timer' || writes === 'all' || writes?.includes(c.name))) return 'process';
  if (m && !PURE_MODULES.has(m) && m !== mod.name) {
    // Another module of the project (a pure functional core behind a GenServer): its own summary. A module the
    // project does not define (a dependency, IO) acts outside at most.
    const other = walk.project?.module(m);
    if (!other || other.isTestFile) return 'outside';
    return summaryOf(other, c.name, c.args.length, walk)?.effect ?? 'outside';
  }
  if (m) return PURE_MODULES.has(m) ? 'none' : (summaryOf(mod, c.name, c.args.length, walk)?.effect ?? 'outside');
  // `fun.(x)`: the closure's own body is checked where it is written; `handler.report(x)` could be anything,
  // unless the variable is known to hold some of the project's modules.
  if (c.mod) {
    const held = c.mod.t === 'var' && c.name !== '.' ? walk.held?.(c.mod) : undefined;
    if (held) return held.map((h) => callEffect({ ...c, mod: { t: 'alias', name: h, span: c.mod!.span } }, mod, walk)).reduce(worst, 'none');
    // A print-only loop calling a function it was handed (`fun.(msg)`) may do anything.
    return c.name === '.' && !walk.prints ? 'none' : 'outside';
  }
  if (PURE_LOCALS.has(c.name)) return 'none';
  if (PROCESS_LOCALS.has(c.name)) return 'process';
  return (summaryOf(mod, c.name, c.args.length, walk) ?? importedSummary(c, mod, walk))?.effect ?? 'outside';
}

/** A local call the module does not define: the function of that name in a project module it imports. */
function importedSummary(c: Call, mod: ModuleFacts, walk: Walk): Summary | undefined {
  for (const name of mod.imports) {
    const from = walk.project?.module(name);
    const summary = from && !from.isTestFile ? summaryOf(from, c.name, c.args.length, walk) : undefined;
    if (summary) return summary;
  }
  return undefined;
}

/** What every clause returns: one argument (unchanged, or updated by pure code), a constant, or something else. */
function returnsOf(clauses: FunctionClause[], pure: boolean): Returns {
  let shared: Returns | undefined;
  for (const c of clauses) {
    for (const r of returnPoints(c.body ?? [])) {
      const here = returnOf(r, c, pure);
      if (!shared) shared = here;
      else if (shared.kind !== here.kind || (shared.kind === 'argument' && here.kind === 'argument' && shared.index !== here.index)) return { kind: 'other' };
      else if (shared.kind === 'argument' && here.kind === 'argument') shared = { ...shared, updated: shared.updated || here.updated };
    }
  }
  return shared ?? { kind: 'other' };
}

function returnOf(r: Term, fn: FunctionClause, pure: boolean): Returns {
  if (r.t === 'lit' && !r.dynamic) return { kind: 'constant' };
  const whole = paramOf(r, fn);
  if (whole !== undefined && r.t === 'var') return { kind: 'argument', index: whole, updated: false };
  if (!pure) return { kind: 'other' };
  // An update of a parameter: `%{s | k: v}`, `Map.put(s, ...)`, `[x | s]`, `s + 1`, `update_in(s, ...)`.
  const base = updatedBase(r);
  const index = base ? paramOf(base, fn) : undefined;
  return index !== undefined ? { kind: 'argument', index, updated: true } : { kind: 'other' };
}

/** The value an expression updates, when it is one of the pure update shapes. */
function updatedBase(r: Term): Term | undefined {
  if (r.t === 'map' && r.update) return r.update;
  if (r.t === 'call' && r.args[0] && (PURE_MODULES.has(modName(r) ?? '') || (!r.mod && ['put_in', 'update_in', 'struct', 'struct!'].includes(r.name)))) return r.args[0];
  if (r.t === 'op' && ['+', '-', '*', '++', '<>'].includes(r.op)) return r.left.t === 'var' ? r.left : r.right.t === 'var' ? r.right : undefined;
  if (r.t === 'list' && r.items.length === 1 && r.items[0].t === 'op' && r.items[0].op === '|') return r.items[0].right;
  return undefined;
}
