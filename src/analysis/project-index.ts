// Links the facts of every file of one project: modules by name, and the tests that exercise each.
import { childModule } from './facts/children';
import type { FileFacts, ModuleFacts, TestBlock, TestKind } from './facts/types';
import { isRemote } from './parse/terms';

// `dns_cluster` joins nodes found through DNS (Phoenix generates it; Livebook clusters with it).
const CLUSTER_DEPS = /:(?:libcluster|horde|swarm|partisan|local_cluster|delta_crdt|dns_cluster)\b/;

export class ProjectIndex {
  readonly modules: ModuleFacts[] = [];
  private readonly byName = new Map<string, ModuleFacts>();
  private readonly tests: TestBlock[] = [];
  /** Setup blocks per test module: what they verify or mention counts for every test there. */
  private readonly setups = new Map<string, TestBlock[]>();
  /** Test blocks by the module names they mention, resolved lazily. */
  private readonly exercising = new Map<string, TestBlock[]>();
  readonly hasClusterDeps: boolean;
  readonly hasMultinodeTests: boolean;

  constructor(files: Iterable<FileFacts>, mixFiles: string[]) {
    for (const f of files) {
      for (const m of f.modules) {
        this.modules.push(m);
        if (!this.byName.has(m.name) || !m.isTestFile) this.byName.set(m.name, m);
      }
      for (const t of f.tests) {
        if (t.kind === 'setup') this.setups.set(t.module, [...(this.setups.get(t.module) ?? []), t]);
        else this.tests.push(t);
      }
    }
    this.hasClusterDeps = mixFiles.some((text) => CLUSTER_DEPS.test(text));
    this.hasMultinodeTests = [...this.tests, ...[...this.setups.values()].flat()].some((t) => t.verifies.has('multinode'));
  }

  private supervisedNames: Set<string> | undefined;

  /** The module is started by a supervisor: a child in a child list, or a spec given to `start_child`. */
  isSupervised(name: string): boolean {
    if (!this.supervisedNames) {
      const names = new Set<string>();
      for (const m of this.modules) {
        for (const list of m.childLists) for (const c of list.children ?? []) names.add(childModule(c) ?? '');
        for (const d of m.dynamicStarts) if (d.spec) names.add(childModule(d.spec) ?? '');
        for (const { call } of m.calls) if (isRemote(call, 'Supervisor', ['start_child']) && call.args[1]) names.add(childModule(call.args[1]) ?? '');
      }
      this.supervisedNames = names;
    }
    return this.supervisedNames.has(name);
  }

  module(name: string): ModuleFacts | undefined {
    return this.byName.get(name);
  }

  /** Test blocks that mention the module (or sit in its conventionally named `<Module>Test`). */
  testsExercising(name: string): TestBlock[] {
    let found = this.exercising.get(name);
    if (!found) {
      found = this.tests.filter(
        (t) => t.refs.has(name) || t.module === `${name}Test` || (this.setups.get(t.module) ?? []).some((s) => s.refs.has(name)),
      );
      this.exercising.set(name, found);
    }
    return found;
  }

  /** What a test verifies, including its module's setup blocks. */
  verified(t: TestBlock): Set<TestKind> {
    const setups = this.setups.get(t.module);
    if (!setups) return t.verifies;
    return new Set([...t.verifies, ...setups.flatMap((s) => [...s.verifies])]);
  }

  /** The first test exercising one of the subjects that verifies one of the kinds. */
  justifyingTest(subjects: string[], kinds: TestKind[]): TestBlock | undefined {
    for (const s of subjects) {
      for (const t of this.testsExercising(s)) {
        const v = this.verified(t);
        if (kinds.some((k) => v.has(k))) return t;
      }
    }
    return undefined;
  }

  /** Atoms mentioned by the tests exercising a module (a timer's message asserted or sent). */
  testAtoms(name: string): Set<string> {
    const out = new Set<string>();
    for (const t of this.testsExercising(name)) {
      for (const a of t.atoms) out.add(a);
      for (const s of this.setups.get(t.module) ?? []) for (const a of s.atoms) out.add(a);
    }
    return out;
  }
}
