// The OTP inventory of a project as data: the modules that are processes, where they start, the
// supervisors with their children (the supervision tree), and the tests that verify process behaviour.
import type { Project } from '../analysis/engine';
import { childModule } from '../analysis/facts/children';
import { isTestCode, type ModuleFacts, type TestKind } from '../analysis/facts/types';
import type { Span } from '../analysis/parse/term';

/** 1-based lines, project-relative files. */
export interface Place {
  file: string;
  line: number;
}

export interface ProcessEntry extends Place {
  module: string;
  behaviour: string;
  /** Supervisors (or Applications) that list it as a child. */
  supervisedBy: string[];
  /** Calls that start it outside a child list: `GenServer.start_link(Mod, …)`, its own `start_link`. */
  startedAt: (Place & { call: string; in: string })[];
  /** Tests exercising it that verify restarts, concurrency, timers or several nodes. */
  justifiedBy: (Place & { name: string; verifies: TestKind[] })[];
  /** Tests that mention it at all. */
  tests: number;
}

export interface SupervisorEntry extends Place {
  module: string;
  behaviour: string;
  strategy?: string;
  /** Each child as written, with the module it starts when known. `undefined` children: not written out. */
  children?: (Place & { spec: string; module?: string })[];
}

export interface TreeNode {
  module: string;
  behaviour?: string;
  children: TreeNode[];
}

export interface Inventory {
  processes: ProcessEntry[];
  supervisors: SupervisorEntry[];
  /** From each Application (or each supervisor no one supervises) down. */
  tree: TreeNode[];
  /** Processes started at run time outside child lists (spawn, Task.start, Agent.start in a function). */
  otherStarts: (Place & { call: string; in: string; module: string })[];
  ets: (Place & { module: string; table?: string })[];
  tests: { total: number; verifying: Record<TestKind, number> };
}

const PROCESS_BEHAVIOURS = new Set(['GenServer', 'Agent', 'Task', 'Supervisor', 'DynamicSupervisor']);
const SUPERVISING = new Set(['Supervisor', 'DynamicSupervisor', 'Application']);

const place = (file: string, r: Span): Place => ({ file, line: r.line + 1 });

function specText(text: string | undefined, r: Span): string {
  const flat = text ? text.slice(r.start, r.end).replace(/\s+/g, ' ').trim() : '';
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

export function buildInventory(project: Project, readText: (file: string) => string | undefined): Inventory {
  const index = project.linked();
  const mods = index.modules.filter((m) => !isTestCode(m));
  const texts = new Map<string, string | undefined>();
  const text = (file: string) => {
    if (!texts.has(file)) texts.set(file, readText(file));
    return texts.get(file);
  };

  const supervisors: SupervisorEntry[] = [];
  const parents = new Map<string, string[]>();
  for (const m of mods) {
    const lists = m.childLists;
    const supervising = (m.behaviour && SUPERVISING.has(m.behaviour)) || lists.length > 0;
    if (!supervising) continue;
    const known = lists.filter((l) => l.children);
    const entry: SupervisorEntry = { module: m.name, behaviour: m.behaviour ?? 'Supervisor', ...place(m.file, m.behaviourSpan ?? m.span) };
    const strategy = lists.find((l) => l.strategy)?.strategy;
    if (strategy) entry.strategy = strategy;
    if (known.length || !lists.length) {
      entry.children = known.flatMap((l) =>
        (l.children ?? []).map((c) => {
          const child = childModule(c);
          if (child) parents.set(child, [...(parents.get(child) ?? []), m.name]);
          return { spec: specText(text(m.file), c.span), ...(child ? { module: child } : {}), ...place(m.file, c.span) };
        }),
      );
    }
    supervisors.push(entry);
  }

  const startedAt = new Map<string, ProcessEntry['startedAt']>();
  const otherStarts: Inventory['otherStarts'] = [];
  for (const m of mods) {
    for (const h of m.handles) {
      const runs = h.runs && index.module(h.runs) ? h.runs : undefined;
      if (runs) startedAt.set(runs, [...(startedAt.get(runs) ?? []), { ...place(m.file, h.span), call: h.call, in: `${m.name}.${h.inFunction}` }]);
      else otherStarts.push({ ...place(m.file, h.span), call: h.call, in: h.inFunction, module: m.name });
    }
  }

  const processes: ProcessEntry[] = mods
    .filter((m): m is ModuleFacts & { behaviour: string } => !!m.behaviour && PROCESS_BEHAVIOURS.has(m.behaviour))
    .map((m) => {
      const exercising = index.testsExercising(m.name);
      const justifiedBy = exercising.flatMap((t) => {
        const verifies = [...index.verified(t)];
        return verifies.length ? [{ ...place(t.file, t.span), name: t.name, verifies }] : [];
      });
      return {
        module: m.name,
        behaviour: m.behaviour,
        ...place(m.file, m.behaviourSpan ?? m.span),
        supervisedBy: [...new Set(parents.get(m.name) ?? [])],
        startedAt: startedAt.get(m.name) ?? [],
        justifiedBy,
        tests: exercising.length,
      };
    });

  const behaviourOf = new Map(mods.map((m) => [m.name, m.behaviour]));
  const node = (name: string, seen: Set<string>): TreeNode => {
    const sup = supervisors.find((s) => s.module === name);
    const next = new Set(seen).add(name);
    const children = (sup?.children ?? []).filter((c) => c.module && !next.has(c.module)).map((c) => node(c.module!, next));
    const behaviour = behaviourOf.get(name);
    return { module: name, ...(behaviour ? { behaviour } : {}), children };
  };
  const tops = supervisors.filter((s) => s.behaviour === 'Application' || !parents.has(s.module));
  const tree = tops.map((s) => node(s.module, new Set()));

  const ets = mods.flatMap((m) => m.ets.filter((e) => e.op === 'new').map((e) => ({ module: m.name, ...place(m.file, e.span), ...(e.namedTable ? { table: e.namedTable } : {}) })));

  const verifying: Record<TestKind, number> = { restart: 0, concurrency: 0, timers: 0, multinode: 0 };
  let total = 0;
  for (const f of project.allFacts()) {
    for (const t of f.tests) {
      if (t.kind === 'test') total++;
      for (const k of index.verified(t)) verifying[k]++;
    }
  }
  return { processes, supervisors, tree, otherStarts, ets, tests: { total, verifying } };
}
