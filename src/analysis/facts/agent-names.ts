// An Agent registered under a name built at run time (`name: Names.via(__MODULE__, app)`, a `{:via, Registry, …}`
// tuple): its callers reach it by building the name the same way, not by writing its module. A call whose target is
// the result of the same naming function (directly, or through a one-line wrapper such as `defp agent(app), do:
// Names.via(__MODULE__, app)`) or the same via tuple, as written, aims at that Agent.
import type { Call, Term } from '../parse/term';
import { keyword, modName } from '../parse/term-queries';
import { termText } from '../parse/term-text';
import { originsOf } from './flow';
import { calledModule } from './reach';
import { clausesAt } from './statements';
import type { FunctionClause, ModuleFacts, ProcessCall, ModuleLookup } from './types';

/** The ways a name is built: `Mod.fun/arity` of the function called for it, or the text of a via tuple. */
type Builders = Set<string>;

/** One-line wrappers followed from a target back to the function that builds the name. */
const MAX_WRAPPERS = 2;

/** How the term is built, in clause `fn` of module `mod`: the naming functions and via tuples it comes from. */
function buildersOf(t: Term, fn: FunctionClause, mod: ModuleFacts, project: ModuleLookup, depth = 0): Builders {
  const out: Builders = new Set();
  for (const o of originsOf(t, fn)) {
    if (!('term' in o) || o.path.length) continue;
    const term = o.term;
    if (term.t === 'tuple') out.add(termText(term, '?'));
    if (term.t !== 'call' || term.name === '.') continue;
    const owner = !term.mod ? mod : project.module(calledModule(term, mod) ?? '');
    if (!owner) continue;
    out.add(`${owner.name}.${term.name}/${term.args.length}`);
    // `set_agent(app)` whose body is one call building the name: the builder is that call's function.
    const wrapper = depth < MAX_WRAPPERS ? clausesAt(owner, term.name, term.args.length) : [];
    for (const w of wrapper) {
      const inner = w.body?.length === 1 ? w.body[0] : undefined;
      if (inner?.t === 'call') for (const b of buildersOf(inner, w, owner, project, depth + 1)) out.add(b);
    }
  }
  return out;
}

/** The naming functions and via tuples behind the `name:` of the module's own Agent start, when not a static name. */
export function runtimeAgentName(mod: ModuleFacts, project: ModuleLookup): Builders | undefined {
  for (const { call, fn } of mod.calls) {
    if (modName(call) !== 'Agent' || (call.name !== 'start_link' && call.name !== 'start')) continue;
    const name = keyword(call.args[call.args.length - 1], 'name');
    if (!name || name.t === 'alias' || name.t === 'lit') continue;
    const builders = buildersOf(name, fn, mod, project);
    if (builders.size) return builders;
  }
  return undefined;
}

/** Agent calls anywhere in the project whose target is built the way the Agent's name is. */
export function callsOnNamedAgent(builders: Builders, modules: readonly ModuleFacts[], project: ModuleLookup): ProcessCall[] {
  const out: ProcessCall[] = [];
  for (const other of modules) {
    if (other.isTestFile) continue;
    const fnOf = new Map<Call, FunctionClause>(other.calls.map(({ call, fn }) => [call, fn]));
    for (const pc of other.processCalls) {
      const fn = fnOf.get(pc.call);
      const target = pc.call.args[0];
      if (pc.api !== 'Agent' || pc.fn === 'stop' || !fn || !target) continue;
      if ([...buildersOf(target, fn, other, project)].some((b) => builders.has(b))) out.push(pc);
    }
  }
  return out;
}
