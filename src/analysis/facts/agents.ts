// Questions about Agents asked by several rules: does a module hold an Agent of its own, which calls reach it,
// and is a call a read or a write of it (directly, or through a one-line local wrapper such as `get(pid)`).
import type { Call, Span, Term } from '../parse/term';
import { modName, varsIn, visit } from '../parse/term-queries';
import { localClauses, processClosureCall } from './statements';
import { fnName, type ModuleFacts, type ProcessCall } from './types';

export const AGENT_WRITES = ['update', 'get_and_update', 'cast'];

/**
 * Where the module's own Agent is declared: `use Agent`, an Agent it starts under its own name, or one a public
 * function starts and hands back to its caller (`def new, do: Agent.start_link(fn -> 0 end)`), whose pid the
 * module's other functions then take.
 */
export function ownAgent(mod: ModuleFacts): Span | undefined {
  if (mod.behaviour === 'Agent') return mod.behaviourSpan;
  const own = mod.handles.find((h) => h.kind === 'Agent' && (h.name === mod.name || (h.returned && h.isPublic && !h.name)));
  return own?.span;
}

/** Agent calls aimed at the module's own Agent: by its name from anywhere, or through a pid inside the module. */
export function callsOnOwnAgent(mod: ModuleFacts, modules: readonly ModuleFacts[]): ProcessCall[] {
  const out: ProcessCall[] = [];
  for (const other of modules) {
    if (other.isTestFile) continue;
    for (const pc of other.processCalls) {
      if (pc.api !== 'Agent' || pc.fn === 'stop') continue;
      if (pc.target.kind === 'module' ? pc.target.name === mod.name : other === mod && pc.target.kind === 'var') out.push(pc);
    }
  }
  return out;
}

/**
 * A read or a write of an Agent, and the handle it aims at as text: `Agent.get(pid, f)`, or a call to a local
 * function whose whole body is one such call on its first parameter (`defp balance(pid), do: Agent.get(pid, & &1)`).
 */
export function agentAccess(c: Call, mod: ModuleFacts): { op: 'read' | 'write'; handle: Term } | undefined {
  if (modName(c) === 'Agent' && c.args[0]) {
    if (c.name === 'get') return { op: 'read', handle: c.args[0] };
    if (AGENT_WRITES.includes(c.name)) return { op: 'write', handle: c.args[0] };
    return undefined;
  }
  if (c.mod || !c.args[0]) return undefined;
  const wrapper = localClauses(mod, c).find((f) => f.body?.length === 1);
  const inner = wrapper?.body?.[0];
  if (!wrapper || inner?.t !== 'call' || modName(inner) !== 'Agent' || inner.args[0]?.t !== 'var') return undefined;
  const p = wrapper.params[0];
  if (p?.t !== 'var' || p.name !== inner.args[0].name) return undefined;
  const op = inner.name === 'get' ? 'read' : AGENT_WRITES.includes(inner.name) ? 'write' : undefined;
  return op ? { op, handle: c.args[0] } : undefined;
}

/** Two handle terms name the same process: the same variable, module or attribute. */
export function sameHandle(a: Term, b: Term): boolean {
  if (a.t === 'var' && b.t === 'var') return a.name === b.name;
  if (a.t === 'alias' && b.t === 'alias') return a.name === b.name;
  if (a.t === 'attr' && b.t === 'attr') return a.name === b.name;
  return false;
}

const STARTING = /^(?:start_link|start|init)\//;

/**
 * Every write happens while the Agent starts: in `start_link`/`start`/`init`, or in a function only those call
 * (`start_link` loading a value through `set_link/1`). Once running, the Agent holds a constant.
 */
export function writtenOnlyAtStart(mod: ModuleFacts, writes: ProcessCall[], modules: readonly ModuleFacts[]): boolean {
  return writes.every((w) => {
    if (STARTING.test(w.inFunction)) return true;
    const name = fnName(w.inFunction);
    const callers = modules.flatMap((m) =>
      m.isTestFile ? [] : m.calls.filter(({ call }) => call.name === name && (m === mod ? !call.mod || (call.mod.t === 'alias' && call.mod.name === mod.name) : call.mod?.t === 'alias' && call.mod.name === mod.name)),
    );
    return callers.length > 0 && callers.every(({ fn }) => STARTING.test(`${fn.name}/`));
  });
}

/**
 * The Agent calls a helper makes on the pid handed to it (`passed` is a Handle's `passedTo` entry,
 * `receive_from_process/2#0` or `Score.roll/2#0`), when the helper does nothing else with that parameter but hand it
 * on to itself (a recursive helper appending results). The helper may be the module's own or a function of another
 * module of the project (`lookup` finds it): a game's `main` handing its Agent to `Score.roll(pid, pins)` keeps the
 * pid in its own process as surely as a local helper does, so the helper's writes are the caller's own. Undefined
 * when the pid goes anywhere else, reaches a closure run by another process (`Task.async(fn -> Agent.update(pid, …)
 * end)`: then several processes do share it), or the helper is not the project's.
 */
export function helperAgentCalls(mod: ModuleFacts, passed: string, lookup: (name: string) => ModuleFacts | undefined = () => undefined): string[] | undefined {
  const m = /^(?:(.+)\.)?([^./#]+)\/(\d+)#(\d+)$/.exec(passed);
  const owner = !m ? undefined : m[1] === undefined || m[1] === mod.name ? mod : lookup(m[1]);
  if (!m || !owner || owner.isTestFile) return undefined;
  const [name, arity, index] = [m[2], Number(m[3]), Number(m[4])];
  const clauses = owner.functions.filter((f) => f.name === name && f.arity === arity);
  if (!clauses.length) return undefined;
  const out: string[] = [];
  for (const c of clauses) {
    const p = c.params[index];
    if (!c.body || p?.t !== 'var') return undefined;
    let seen = 0;
    let allowed = 0;
    let elsewhere = false;
    visit(c.body, (t) => {
      if (t.t === 'var' && t.name === p.name) seen++;
      if (t.t !== 'call') return undefined;
      if (processClosureCall(t) && varsIn(t.args).has(p.name)) elsewhere = true;
      const arg = t.args[index];
      if (modName(t) === 'Agent' && t.args[0]?.t === 'var' && t.args[0].name === p.name) {
        allowed++;
        out.push(`Agent.${t.name}`);
      } else if (!t.mod && t.name === name && t.args.length === arity && arg?.t === 'var' && arg.name === p.name) allowed++;
      return undefined;
    });
    if (seen !== allowed || elsewhere) return undefined;
  }
  return out;
}
