// The tools about a whole project: its inventory of processes (otp_inventory) and its TDD phase (otp_phase).
import { buildInventory, type Inventory, type TreeNode } from './inventory';
import { DEFAULT_LIMIT, type AnalysisSource, type ToolInput, type ToolResult } from './tool-catalog';
import { cap, fail, guarded, resolveInside, shown } from './tool-answers';
export async function inventory(source: AnalysisSource, input: ToolInput<'otp_inventory'>): Promise<ToolResult> {
  return guarded(async () => {
    const { abs, base } = await resolveInside(source, input.path);
    const views = await source.projects(abs);
    if (!views.length) return fail(`${input.path ?? abs}: no Elixir project there.`);
    const limit = input.limit ?? DEFAULT_LIMIT;
    const parts: string[] = [];
    const projects: Record<string, unknown>[] = [];
    for (const view of views) {
      const inv = relocate(buildInventory(view.project, view.readText), (f) => shown(base, view.root, f));
      const root = shown(base, view.root, '.') || '.';
      const more = inv.processes.length - limit;
      projects.push({ root, ...inv, processes: inv.processes.slice(0, limit), ...(more > 0 ? { processesNotShown: more } : {}) });
      parts.push(inventoryText(root, inv, limit));
    }
    return { text: cap(parts.join('\n\n')), data: { projects } };
  });
}

/** The inventory with every file shown as the client should pass it back. */
function relocate(inv: Inventory, show: (file: string) => string): Inventory {
  const at = <T extends { file: string }>(x: T): T => ({ ...x, file: show(x.file) });
  return {
    processes: inv.processes.map((p) => ({ ...at(p), startedAt: p.startedAt.map(at), justifiedBy: p.justifiedBy.map(at) })),
    supervisors: inv.supervisors.map((s) => ({ ...at(s), ...(s.children ? { children: s.children.map(at) } : {}) })),
    tree: inv.tree,
    otherStarts: inv.otherStarts.map(at),
    ets: inv.ets.map(at),
    tests: inv.tests,
  };
}

function inventoryText(root: string, inv: Inventory, limit: number): string {
  const out = [`Project ${root}`];
  const tree = (n: TreeNode, depth: number): string[] => [`${'  '.repeat(depth)}- ${n.module}${n.behaviour ? ` (${n.behaviour})` : ''}`, ...n.children.flatMap((c) => tree(c, depth + 1))];
  out.push('Supervision tree:', ...(inv.tree.length ? inv.tree.flatMap((n) => tree(n, 1)) : ['  (no supervisor found)']));
  out.push(`Processes (${inv.processes.length}):`);
  for (const p of inv.processes.slice(0, limit)) {
    const started = [...p.supervisedBy.map((s) => `child of ${s}`), ...p.startedAt.map((s) => `${s.call} at ${s.file}:${s.line}`)];
    const justified = p.justifiedBy.length
      ? `justified by ${p.justifiedBy.map((t) => `${t.file}:${t.line} "${t.name}" (${t.verifies.join(', ')})`).join('; ')}`
      : p.tests
        ? `${p.tests === 1 ? '1 test mentions' : `${p.tests} tests mention`} it, none verifies restarts, concurrency, timers or nodes`
        : 'no test mentions it';
    out.push(`  - ${p.module} ${p.behaviour} ${p.file}:${p.line} — ${started.length ? started.join(', ') : 'started by nothing found'}; ${justified}`);
  }
  if (inv.processes.length > limit) out.push(`  … ${inv.processes.length - limit} more (raise limit to see them).`);
  for (const s of inv.supervisors) {
    const kids = s.children === undefined ? 'children not written out' : s.children.length ? s.children.map((c) => c.module ?? c.spec).join(', ') : 'no children';
    out.push(`Supervisor ${s.module} (${s.behaviour}${s.strategy ? `, ${s.strategy}` : ''}) ${s.file}:${s.line}: ${kids}`);
  }
  if (inv.otherStarts.length) out.push(`Other starts: ${inv.otherStarts.map((s) => `${s.call} in ${s.module}.${s.in} (${s.file}:${s.line})`).join('; ')}`);
  if (inv.ets.length) out.push(`ETS tables: ${inv.ets.map((e) => `${e.table ?? 'unnamed'} in ${e.module} (${e.file}:${e.line})`).join('; ')}`);
  const v = inv.tests.verifying;
  out.push(`Tests: ${inv.tests.total}; verifying restarts ${v.restart}, concurrency ${v.concurrency}, timers ${v.timers}, several nodes ${v.multinode}.`);
  return out.join('\n');
}

export async function currentPhase(source: AnalysisSource, input: ToolInput<'otp_phase'>): Promise<ToolResult> {
  return guarded(async () => {
    const { abs, base } = await resolveInside(source, input.path);
    const views = await source.projects(abs);
    if (!views.length) return fail(`${input.path ?? abs}: no Elixir project there.`);
    const out: string[] = [];
    const projects: Record<string, unknown>[] = [];
    for (const view of views) {
      const info = await source.phase(view);
      const root = shown(base, view.root, '.') || '.';
      out.push(`${root}: ${info.phase.toUpperCase()} — ${info.reason}.`);
      if (info.run?.failing.length) {
        out.push(...info.run.failing.slice(0, 10).map((f) => `  failing: ${f.module} "${f.test}"${f.file ? ` (${shown(base, view.root, f.file)})` : ''}`));
        if (info.run.failing.length > 10) out.push(`  … ${info.run.failing.length - 10} more failing tests.`);
      }
      projects.push({ root, ...info });
    }
    return { text: out.join('\n'), data: { projects } };
  });
}
