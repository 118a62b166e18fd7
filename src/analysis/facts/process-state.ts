// Functions that change their own process's state (OTP007): the process dictionary (`Process.put`, a tenant
// switch such as `Repo.put_process_state(org_id)`), Logger metadata. A task that runs one of them keeps the
// change out of its caller: that, not concurrency, is why the work runs in another process.
import type { Call, Term } from '../parse/term';
import { callsIn, isRemote, visit } from '../parse/term-queries';
import { isQuote } from './statements';
import type { ModuleFacts } from './types';

function writesPdict(c: Call): boolean {
  return isRemote(c, 'Process', ['put', 'delete']) || isRemote(c, ':erlang', ['put', 'erase']) || isRemote(c, 'Logger', ['metadata']);
}

/**
 * The `def`s of a `__using__` quote, which land in every module that `use`s this one (a `use MyApp.RepoHelpers`
 * giving the Repo its tenant switch): name and body.
 */
function injectedDefs(mod: ModuleFacts): [string, Term[]][] {
  const out: [string, Term[]][] = [];
  for (const f of mod.functions) {
    if (f.name !== '__using__' || !f.body) continue;
    visit(f.body, (q) => {
      if (!isQuote(q)) return undefined;
      visit([q], (d) => {
        if (d.t !== 'call' || d.mod || (d.name !== 'def' && d.name !== 'defp') || !d.block?.do) return undefined;
        let head = d.args[0];
        if (head?.t === 'op' && head.op === 'when') head = head.left;
        if (head?.t === 'call' || head?.t === 'var') out.push([head.name, d.block.do.body]);
        return false;
      });
      return false;
    });
  }
  return out;
}

/** Its functions, and those its `__using__` injects, that write their process's state themselves or through each other. */
export function collectPdictWriters(mod: ModuleFacts): string[] {
  const defs: [string, Term[]][] = [...mod.functions.flatMap((f): [string, Term[]][] => (f.body ? [[f.name, f.body]] : [])), ...injectedDefs(mod)];
  const out = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, body] of defs) {
      if (out.has(name) || !callsIn(body).some((c) => writesPdict(c) || (!c.mod && out.has(c.name)))) continue;
      out.add(name);
      grew = true;
    }
  }
  return [...out];
}
