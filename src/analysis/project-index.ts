// Links the facts of every file of one project: modules by name, and the tests that exercise each.
import { childModule } from './facts/children';
import { collectProcessClients } from './facts/process-clients';
import { isTestCode, type FileFacts, type ModuleFacts, type TestBlock, type TestKind } from './facts/types';
import { isRemote, modName, visit } from './parse/term-queries';
import { elixircPaths, isMixTask, nonProductReason, type NonProduct } from './non-product';

// `dns_cluster` joins nodes found through DNS (Phoenix generates it; Livebook clusters with it). A prefix, not a
// word: strategies ship as their own packages (`:libcluster_postgres`, `:libcluster_ec2`).
const CLUSTER_DEPS = /\{\s*:(?:libcluster|horde|swarm|partisan|local_cluster|delta_crdt|dns_cluster)\w*\s*,/;
/** Support code that starts peer nodes for the tests (Nebulex's `test/support/cluster.ex`, `:peer` then `:slave`). */
const PEER_STARTERS = new Set([':peer', ':slave', ':ct_slave', 'LocalCluster']);

/** `package: package()` in a mix.exs's project keyword list: the hex metadata only a published library needs. */
const HEX_PACKAGE = /^\s*package:\s/m;

const LIB = /(?:^|\/)lib\/.*\.ex$/;

export class ProjectIndex {
  readonly modules: ModuleFacts[] = [];
  private readonly byName = new Map<string, ModuleFacts>();
  /** Modules whose `defmodule` gives no name, known by the name their path gives. */
  private readonly nameless: ModuleFacts[] = [];
  private readonly tests: TestBlock[] = [];
  /** Setup blocks per test module: what they verify or mention counts for every test there. */
  private readonly setups = new Map<string, TestBlock[]>();
  /** Test blocks by the module names they mention, resolved lazily. */
  private readonly exercising = new Map<string, TestBlock[]>();
  readonly hasClusterDeps: boolean;
  readonly hasMultinodeTests: boolean;
  /** `elixirc_paths` of every mix.exs, project-relative. */
  private readonly compiled: string[];
  /** Folders holding a mix.exs, project-relative (`''` for the root). */
  private readonly mixFolders: string[];
  /** Folders whose mix.exs declares hex `package:` metadata: libraries published for other projects. */
  private readonly packageFolders: string[];

  /** `mixFiles`: project-relative path → text of each mix.exs. */
  constructor(files: Iterable<FileFacts>, mixFiles: Map<string, string> | string[]) {
    const mix = Array.isArray(mixFiles) ? new Map(mixFiles.map((t, i) => [`${i}/mix.exs`, t] as const)) : mixFiles;
    const folder = (path: string) => path.slice(0, path.length - 'mix.exs'.length);
    this.mixFolders = [...mix.keys()].map(folder);
    this.compiled = [...mix].flatMap(([path, text]) => elixircPaths(text, folder(path)));
    this.packageFolders = [...mix].filter(([, text]) => HEX_PACKAGE.test(text)).map(([path]) => folder(path));
    for (const f of files) {
      // A fixture's tests (`test/fixtures/app/test/x_test.exs`) belong to the fixture, not to this project.
      const aside = nonProductReason(f.path, this.compiled, this.mixFolders);
      if (!aside) {
        for (const t of f.tests) {
          if (t.kind === 'setup') this.setups.set(t.module, [...(this.setups.get(t.module) ?? []), t]);
          else this.tests.push(t);
        }
      }
      for (const m of f.modules) {
        this.modules.push(m);
        if (!this.byName.has(m.name) || !m.isTestFile) this.byName.set(m.name, m);
        if (m.nameless) this.nameless.push(m);
      }
    }
    this.hasClusterDeps = [...mix.values()].some((text) => CLUSTER_DEPS.test(text)) || this.modules.some(startsClusterSupervisor);
    this.hasMultinodeTests =
      [...this.tests, ...[...this.setups.values()].flat()].some((t) => t.verifies.has('multinode')) ||
      this.modules.some((m) => isTestCode(m) && !this.nonProduct(m) && m.calls.some(({ call }) => PEER_STARTERS.has(modName(call) ?? '')));
  }

  private hasLib: boolean | undefined;

  /**
   * Application source, compiled into the application: a `.ex` file under `lib/` or another path mix.exs compiles
   * (`web/` in old Phoenix), not test support. A project with no `lib/` at all (a talk's loose files loaded into
   * iex, no mix.exs) has the modules of the `.ex` files at its root as its product. Files in folders of such a
   * project (a book's `Chapter-15/`, `demos/`) are exercises and demos, and a script's top-level code is a run.
   */
  isAppSource(mod: ModuleFacts): boolean {
    if (!mod.file.endsWith('.ex') || isTestCode(mod) || this.nonProduct(mod)) return false;
    if (LIB.test(mod.file) || this.compiled.some((p) => !/(?:^|\/)test\//.test(p) && mod.file.startsWith(p + '/'))) return true;
    this.hasLib ??= this.modules.some((m) => LIB.test(m.file));
    return !this.hasLib && !mod.file.includes('/') && !mod.name.startsWith('(script ');
  }

  /**
   * A `.ex` file that no mix project holds (no mix.exs in its folder or above it): nothing compiles it, so it runs
   * only when someone loads it by hand (`iex server.ex`, `c "server.ex"`) and calls it. A talk's or a book's loose
   * files beside a mix project (`code/genserver/` next to `code/workers/mix.exs`), or every file of a repository
   * with no mix.exs at all.
   */
  isLoadedByHand(mod: ModuleFacts): boolean {
    if (!mod.file.endsWith('.ex') || isTestCode(mod) || this.nonProduct(mod) || mod.name.startsWith('(script ')) return false;
    return !this.mixFolders.some((f) => mod.file.startsWith(f));
  }

  /**
   * The module ships in a library: the mix project holding it declares hex `package:` metadata, so its processes
   * are started by the trees of the applications that depend on it. Everything else runs by itself: an
   * application with its own tree, a kata or exercise project driven by its tests and IEx, loose files.
   */
  shipsAsLibrary(mod: ModuleFacts): boolean {
    const holder = this.mixFolders.filter((f) => mod.file.startsWith(f)).sort((a, b) => b.length - a.length)[0];
    return holder !== undefined && this.packageFolders.includes(holder);
  }

  /** Why a module is not product code (a benchmark, an example, a script, a mix task, a test fixture), if it is not. */
  nonProduct(mod: ModuleFacts): NonProduct | undefined {
    return nonProductReason(mod.file, this.compiled, this.mixFolders) ?? (isMixTask(mod.uses) ? 'mix-task' : undefined);
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

  private lookedUpApis: Set<string> | undefined;

  /**
   * Some product code calls `api` (`GenServer`, `Agent`, `send`) on a pid it looks up at run time
   * (`Supervisor.which_children`, `Registry.lookup`), other than to stop it: which process that reaches is not known.
   */
  callsUnknownProcess(api: string): boolean {
    if (!this.lookedUpApis) {
      this.lookedUpApis = new Set();
      for (const m of this.modules) if (!m.isTestFile) for (const pc of m.processCalls) if (pc.lookedUp && pc.fn !== 'stop') this.lookedUpApis.add(pc.api);
    }
    return this.lookedUpApis.has(api);
  }

  private clientsOf: Map<string, string[]> | undefined;

  /** The product process modules whose own process calls into the module (process-clients.ts), built once. */
  processClients(name: string): string[] {
    this.clientsOf ??= collectProcessClients(this.modules, (m) => !isTestCode(m) && !this.nonProduct(m));
    return this.clientsOf.get(name) ?? [];
  }

  module(name: string): ModuleFacts | undefined {
    // A module written without a name answers to a name ending in its path's (`ElhexDelivery.PostalCode.Supervisor`
    // for lib/postal_code/supervisor.ex): Mix files often leave the application's prefix out of the folders.
    return this.byName.get(name) ?? (this.nameless.length ? this.nameless.find((m) => name.endsWith(`.${m.name}`)) : undefined);
  }

  /**
   * Test blocks that mention the module (or sit in its conventionally named `<Module>Test`), or that exercise a
   * module delegating to it (`defdelegate handle_info(msg, socket), to: Shared` in each channel: the channels'
   * tests run Shared's code).
   */
  testsExercising(name: string, seen = new Set<string>()): TestBlock[] {
    let found = this.exercising.get(name);
    if (!found) {
      seen.add(name);
      found = this.tests.filter(
        (t) => t.refs.has(name) || t.module === `${name}Test` || (this.setups.get(t.module) ?? []).some((s) => s.refs.has(name)),
      );
      for (const d of this.delegators().get(name) ?? []) {
        if (seen.has(d)) continue;
        for (const t of this.testsExercising(d, seen)) if (!found.includes(t)) found.push(t);
      }
      this.exercising.set(name, found);
    }
    return found;
  }

  private delegatorsOf?: Map<string, string[]>;
  /** Module → the modules that delegate to it. */
  private delegators(): Map<string, string[]> {
    if (!this.delegatorsOf) {
      this.delegatorsOf = new Map();
      for (const m of this.modules) for (const to of m.delegatesTo ?? []) this.delegatorsOf.set(to, [...(this.delegatorsOf.get(to) ?? []), m.name]);
    }
    return this.delegatorsOf;
  }

  /** A test exercising the module consumes its output over time (its setup included). */
  observedOverTime(name: string): boolean {
    return this.testsExercising(name).some((t) => t.observesOverTime || (this.setups.get(t.module) ?? []).some((s) => s.observesOverTime));
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

/** `{Cluster.Supervisor, [topologies, ...]}` in a child list: libcluster, or a fork of it, forms the cluster. */
function startsClusterSupervisor(m: ModuleFacts): boolean {
  let found = m.calls.some(({ call }) => modName(call) === 'Cluster.Supervisor');
  for (const l of m.childLists) visit(l.children ?? [], (t) => void (found ||= t.t === 'alias' && t.name === 'Cluster.Supervisor'));
  return found;
}
