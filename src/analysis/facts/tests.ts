// Test blocks (`test`, `setup`) with the modules they mention and the process behaviour they verify.
import type { Node } from '../parse/parser';
import { spanOf, type Call, type Converter, type Term } from '../parse/term';
import { callsIn, modName, visit } from '../parse/terms';
import type { TestBlock, TestKind } from './types';

export type TestScope = 'test' | 'setup';

const RESTART_CALLS: Record<string, readonly string[]> = {
  Process: ['exit', 'monitor', 'alive?', 'flag'],
  Supervisor: ['which_children', 'count_children', 'restart_child', 'terminate_child'],
  DynamicSupervisor: ['which_children', 'count_children', 'terminate_child'],
  ':sys': ['get_state', 'replace_state', 'suspend', 'resume', 'get_status'],
};
const STARTS = ['start_supervised', 'start_supervised!', 'start_link', 'start_child', 'start', 'spawn', 'spawn_link', 'async'];
const MULTINODE: Record<string, readonly string[] | undefined> = {
  ':peer': undefined,
  LocalCluster: undefined,
  ':slave': undefined,
  ':ct_slave': undefined,
  Node: ['start', 'connect', 'spawn', 'spawn_link'],
  ':rpc': undefined,
  ':erpc': undefined,
};

export function collectTestBlock(node: Node, scope: TestScope, conv: Converter, module: string, file: string): TestBlock {
  const term = conv.term(node);
  const block: TestBlock = {
    kind: scope,
    name: scope === 'setup' ? 'setup' : testName(term),
    module,
    file,
    r: spanOf(node),
    refs: new Set(),
    verifies: new Set(),
    atoms: new Set(),
  };
  visit([term], (t) => {
    if (t.t === 'alias') block.refs.add(t.name);
    else if (t.t === 'lit' && t.kind === 'atom') block.atoms.add(t.value);
  });
  for (const kind of verifiedKinds([term])) block.verifies.add(kind);
  return block;
}

function testName(t: Term): string {
  const first = t.t === 'call' ? t.args[0] : undefined;
  return first?.t === 'lit' && first.kind === 'string' ? first.value.slice(1, -1) : '(unnamed test)';
}

function called(c: Call, table: Record<string, readonly string[] | undefined>): boolean {
  const m = modName(c);
  if (!m || !(m in table)) return false;
  const names = table[m];
  return !names || names.includes(c.name);
}

export function verifiedKinds(roots: Term[]): Set<TestKind> {
  const kinds = new Set<TestKind>();
  let starts = 0;
  for (const c of callsIn(roots)) {
    const m = modName(c);
    if (called(c, RESTART_CALLS)) kinds.add('restart');
    if (called(c, MULTINODE)) kinds.add('multinode');
    if (!m && (c.name === 'assert_receive' || c.name === 'refute_receive') && c.args.length >= 2) kinds.add('timers');
    if ((m === 'Process' || m === ':timer') && c.name === 'sleep') kinds.add('timers');
    if (m === 'Task' && c.name === 'async_stream') kinds.add('concurrency');
    if ((!m || m === 'Task' || m === 'Kernel') && STARTS.includes(c.name)) starts++;
    // Processes started inside a loop run side by side.
    if ((m === 'Enum' || m === 'Stream' || (!m && c.name === 'for')) && startsProcesses(c)) kinds.add('concurrency');
  }
  // A crash observed through a monitor or a link: {:DOWN, ...} / {:EXIT, ...} patterns.
  visit(roots, (t) => {
    if (t.t === 'tuple' && t.items[0]?.t === 'lit' && (t.items[0].value === ':DOWN' || t.items[0].value === ':EXIT')) kinds.add('restart');
  });
  if (starts >= 2) kinds.add('concurrency');
  return kinds;
}

function startsProcesses(loop: Call): boolean {
  return callsIn(loop.args.concat(loop.block?.do?.body ?? [])).some(
    (c) => c !== loop && ((modName(c) === 'Task' && c.name.startsWith('async')) || (!modName(c) && c.name.startsWith('spawn')) || c.name.startsWith('start')),
  );
}
