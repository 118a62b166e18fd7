// Loops (`Enum.map/each/flat_map`, `for`) whose iterations each do slow IO of their own (OTP102).
import type { Call, Term } from '../parse/term';
import { callsIn, keyword, modName, varsIn, visit } from '../parse/terms';
import type { ModuleFacts } from './types';

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
 * Ecto repo calls that are a round trip per element (the N+1 shape). Raw `Repo.query` is left out: it runs
 * maintenance or DDL one statement at a time on purpose (Oban's reindexer). `File.read/write` are left out
 * too: on the corpora they were all mix tasks and generators touching a handful of local files.
 */
const REPO_FNS = new Set(
  ['all', 'one', 'get', 'get_by', 'insert', 'update', 'delete', 'insert_or_update', 'insert_all', 'update_all', 'delete_all', 'preload', 'aggregate', 'exists?', 'reload']
    .flatMap((f) => [f, `${f}!`]),
);
const LOOPS = ['map', 'each', 'flat_map'];

/** The IO a call does, as `Mod.fun`; a module named `...Repo` is an Ecto repo. */
function slowIo(c: Call): string | undefined {
  const m = modName(c);
  if (!m) return undefined;
  if (IO[m]?.includes(c.name)) return `${m}.${c.name}`;
  if ((m === 'Repo' || m.endsWith('.Repo')) && REPO_FNS.has(c.name)) return `${m}.${c.name}`;
  return undefined;
}

export function collectSequentialIo(mod: ModuleFacts): ModuleFacts['sequentialIo'] {
  const out: ModuleFacts['sequentialIo'] = [];
  const transactions = mod.calls.filter(({ call }) => call.name === 'transaction' || modName(call) === 'Ecto.Multi').map(({ call }) => call.r);
  for (const { call } of mod.calls) {
    const loop = loopOf(call);
    if (!loop) continue;
    // Inside a transaction the queries must run on its connection, one after the other.
    if (transactions.some((r) => r.start <= call.r.start && call.r.end <= r.end && r !== call.r)) continue;
    const io = independentIo(loop.body, loop.bound);
    if (io) out.push({ loop: loop.name, io, r: call.r });
  }
  return out;
}

interface Loop {
  name: string;
  body: Term[];
  /** Variables that take a new value on each iteration. */
  bound: Set<string>;
}

function loopOf(c: Call): Loop | undefined {
  if (modName(c) === 'Enum' && LOOPS.includes(c.name) && c.args.length === 2) {
    const fun = c.args[1];
    const name = `Enum.${c.name}`;
    if (fun.t === 'fn') return { name, body: fun.clauses.flatMap((cl) => cl.body), bound: varsIn(fun.clauses.flatMap((cl) => cl.args)) };
    // `&Req.get!/1` passes each element straight to the IO; `&Repo.insert(&1)` does too.
    if (fun.t === 'unary' && fun.op === '&') {
      const target = fun.arg.t === 'op' && fun.arg.op === '/' ? fun.arg.left : fun.arg;
      return { name, body: [target], bound: new Set(['&']) };
    }
    return undefined;
  }
  if (!c.mod && c.name === 'for' && c.block?.do) {
    const opts = c.args[c.args.length - 1];
    // `reduce:` threads an accumulator through the iterations: they depend on each other.
    if (keyword(opts, 'reduce')) return undefined;
    const generators = c.args.filter((a): a is Term & { t: 'op' } => a.t === 'op' && a.op === '<-');
    if (!generators.length) return undefined;
    return { name: 'for', body: c.block.do.body, bound: varsIn(generators.map((g) => g.left)) };
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
