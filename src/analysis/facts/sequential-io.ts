// Loops (`Enum.map/each/flat_map`, `for`) whose iterations each do slow IO of their own (OTP102).
import type { Call, Term } from '../parse/term';
import { callsIn, keyword, modName, varsIn, visit } from '../parse/term-queries';
import { fnLabel, type ModuleFacts } from './types';

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'run'];
const HTTP_FNS = [...HTTP_VERBS, ...HTTP_VERBS.map((v) => `${v}!`)];
const IO: Record<string, readonly string[]> = {
  ':httpc': ['request'],
  Req: HTTP_FNS,
  HTTPoison: HTTP_FNS,
  Tesla: HTTP_FNS,
  Finch: ['request', 'request!', 'stream'],
};
/**
 * Ecto repo calls are left out: a query per element is an N+1 (a preload or a join is the fix) or a batch
 * (`insert_all`), neither a place where a process helps, and a transaction needs its one connection. On
 * expert projects 28 of 29 repo loops flagged were seeds, N+1 reads, or loops over a few configured statuses.
 * Raw `File.read/write` are left out too: on the corpora they were all mix tasks and generators.
 */
const LOOPS = ['map', 'each', 'flat_map'];

/** The IO a call does, as `Mod.fun`. */
function slowIo(c: Call): string | undefined {
  const m = modName(c);
  if (!m) return undefined;
  return IO[m]?.includes(c.name) ? `${m}.${c.name}` : undefined;
}

/** A loop over a literal list, a module attribute or configuration: a handful of items known in advance. */
function isBounded(t: Term | undefined): boolean {
  if (!t) return false;
  if (t.t === 'list' || t.t === 'attr') return true;
  if (t.t === 'call' && (modName(t) === 'Application' || (t.piped && isBounded(t.args[0])))) return true;
  return false;
}

export function collectSequentialIo(mod: ModuleFacts): ModuleFacts['sequentialIo'] {
  const out: ModuleFacts['sequentialIo'] = [];
  const transactions = mod.calls.filter(({ call }) => call.name === 'transaction' || modName(call) === 'Ecto.Multi').map(({ call }) => call.span);
  for (const { call, fn } of mod.calls) {
    const loop = loopOf(call);
    if (!loop) continue;
    // Inside a transaction the queries must run on its connection, one after the other.
    if (transactions.some((r) => r.start <= call.span.start && call.span.end <= r.end && r !== call.span)) continue;
    if (isBounded(loop.over)) continue;
    const io = independentIo(loop.body, loop.bound);
    if (io) out.push({ loop: loop.name, io, inFunction: fnLabel(fn), span: call.span });
  }
  return out;
}

interface Loop {
  name: string;
  body: Term[];
  /** Variables that take a new value on each iteration. */
  bound: Set<string>;
  /** What it iterates over (the enumerable, or the first generator's right side). */
  over?: Term;
}

function loopOf(c: Call): Loop | undefined {
  if (modName(c) === 'Enum' && LOOPS.includes(c.name) && c.args.length === 2) {
    const fun = c.args[1];
    const name = `Enum.${c.name}`;
    if (fun.t === 'fn') return { name, body: fun.clauses.flatMap((cl) => cl.body), bound: varsIn(fun.clauses.flatMap((cl) => cl.args)), over: c.args[0] };
    // `&Req.get!/1` passes each element straight to the IO; `&Repo.insert(&1)` does too.
    if (fun.t === 'unary' && fun.op === '&') {
      const target = fun.arg.t === 'op' && fun.arg.op === '/' ? fun.arg.left : fun.arg;
      return { name, body: [target], bound: new Set(['&']), over: c.args[0] };
    }
    return undefined;
  }
  if (!c.mod && c.name === 'for' && c.block?.do) {
    const opts = c.args[c.args.length - 1];
    // `reduce:` threads an accumulator through the iterations: they depend on each other.
    if (keyword(opts, 'reduce')) return undefined;
    const generators = c.args.filter((a): a is Term & { t: 'op' } => a.t === 'op' && a.op === '<-');
    if (!generators.length) return undefined;
    return { name: 'for', body: c.block.do.body, bound: varsIn(generators.map((g) => g.left)), over: generators[0].right };
  }
  return undefined;
}

/** The first slow IO in the body whose arguments change with the iteration (the element or a value bound from it). */
function independentIo(body: Term[], bound: Set<string>): string | undefined {
  const perItem = new Set(bound);
  visit(body, (t) => {
    if (t.t === 'op' && (t.op === '=' || t.op === '<-')) for (const v of varsIn([t.left])) perItem.add(v);
  });
  const calls = callsIn(body);
  // IO handed to a task or a spawned process already runs concurrently.
  if (calls.some((c) => modName(c) === 'Task' || modName(c) === 'Task.Supervisor' || (!c.mod && c.name.startsWith('spawn')))) return undefined;
  for (const c of calls) {
    const io = slowIo(c);
    if (io && (perItem.has('&') || [...varsIn(c.args)].some((v) => perItem.has(v)))) return io;
  }
  return undefined;
}
