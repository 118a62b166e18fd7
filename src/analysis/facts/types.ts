// The facts extracted from one file: its modules, their OTP inventory, and the tests it holds.
import type { Call, Span, Term } from '../parse/term';
import type { EtsOp } from './ets-fact';
import type { ReceiveLoop } from './receive-loop-fact';
import type { Timer } from './timer-fact';

export type Behaviour = 'GenServer' | 'Agent' | 'Supervisor' | 'DynamicSupervisor' | 'Application' | 'Task';

export interface FunctionClause {
  name: string;
  arity: number;
  isPrivate: boolean;
  /** Every parameter of a converted clause; of the others, only a public clause's first (OTP101 reads it). */
  params: Term[];
  guard?: Term;
  /** How many trailing parameters have defaults (`acc \\ []`): calls at arity `arity - defaults` and up run this function. */
  defaults?: number;
  /** Converted only for clauses that can hold a fact (see extract.ts); otherwise undefined. */
  body?: Term[];
  /** The text of its `#` comments, for converted clauses (a comment can say why a task is isolated). */
  comments?: string;
  /** For a public clause with no converted body: its last statement alone (OTP101 reads what it returns). */
  last?: Term;
  /** Not converted, and its text names no effectful API (extract.ts: EFFECTS): summarised as pure. */
  quiet?: boolean;
  /** Its `@spec` says it returns a process start result (`GenServer.on_start()`, `{:ok, pid()}`). */
  returnsStart?: boolean;
  /** Not converted, and its only effects read files or the application environment (a data loader). */
  readsOnly?: boolean;
  span: Span;
  head: Span;
}

/** Where a process call is aimed. */
export type Target =
  | { kind: 'module'; name: string; current: boolean }
  | { kind: 'self' }
  | { kind: 'var'; name: string }
  | { kind: 'via'; registry: string; key: Term }
  | { kind: 'global'; name: Term }
  | { kind: 'unknown' };

export interface ProcessCall {
  /** `GenServer`, `Agent`, `send` (Kernel.send / Process.send), `Supervisor`, `DynamicSupervisor`, `Task`. */
  api: string;
  fn: string;
  target: Target;
  call: Call;
  /** `name/arity` of the enclosing function. */
  inFunction: string;
  /** The target is (part of) this parameter of the enclosing function: a handle the caller passed in. */
  fromParam?: number;
  /**
   * The target is a pid found at run time (`Supervisor.which_children`, `Registry.lookup`, `Process.whereis`):
   * which process it reaches, the code does not say, so a claim that nobody calls some process cannot be complete.
   */
  lookedUp?: true;
  span: Span;
}

/** A process started by a function, and where its pid goes (handles.ts). */
export interface Handle {
  /** 'Task' is `Task.async`; `spawn*` and `Task.start`/`Task.start_link` (a function run in a new process) are 'spawn'. */
  kind: 'GenServer' | 'Agent' | 'Task' | 'spawn';
  /** As written: `GenServer.start_link`, `spawn`. */
  call: string;
  /** Linked to (or monitored by) the starting process. */
  linked: boolean;
  /** The module a GenServer start runs, the module holding an Agent, the `name/arity` a spawn runs. */
  runs?: string;
  /** An Agent's initial value (the last expression of its start function). */
  initial?: Term;
  /** The `name:` it is registered under, as written. */
  name?: string;
  /** The atom `Process.register` gives it (`:producer`). */
  registeredAs?: string;
  /** For a spawn: the local receive loop it runs, whether it replies with send, and whether time or links drive it. */
  loop?: ReceiveLoop;
  /** For a spawn of a function that is no loop: it waits for one message and only prints it, answering nobody. */
  printsOnce?: boolean;
  /** For a spawn of another module's function defined in another file: `{ module, fn: 'name/arity' }`. */
  entersRemote?: { module: string; fn: string };
  returned: boolean;
  boundTo: string[];
  /** Calls the pid is passed to, as `Mod.fun/arity#argument`, with where each call is (in source order). */
  passedTo: { to: string; span: Span }[];
  /** Map or struct fields the pid is stored in. */
  storedIn: string[];
  /** Process calls on the pid in the same clause, in source order, with the function given to Agent calls. */
  uses: { call: string; span: Span; fun?: Term }[];
  inFunction: string;
  isPublic: boolean;
  span: Span;
}

export interface ReturnFact {
  /** First element of the returned tuple: `:reply`, `:noreply`, `:ok`, `:stop`, ... or undefined. */
  tag?: string;
  reply?: Term;
  state?: Term;
  /** A timeout (integer or variable) as the tuple's last element. */
  timeout?: Term;
  /** The new state is the incoming state variable itself. */
  stateUnchanged: boolean;
  span: Span;
}

export interface Callback {
  name: string;
  arity: number;
  stateParam?: Term;
  /** The incoming state is read anywhere but in the state slot of a return (or matched in the head). */
  readsState: boolean;
  returns: ReturnFact[];
  clause: FunctionClause;
}

export interface ChildList {
  /** `init` for `Supervisor.init/2`, `start_link` for `Supervisor.start_link/2`. */
  via: 'init' | 'start_link';
  /** The children when they are written out (or bound to a variable in the same function); undefined when unknown. */
  children?: Term[];
  strategy?: string;
  /**
   * A `:simple_one_for_one` list: its one entry is a template for children started at run time, so the supervisor
   * is dynamic (like a DynamicSupervisor) and never a level with one child.
   */
  dynamic: boolean;
  /** `max_restarts:` as written, when literal. */
  maxRestarts?: string;
  /** `auto_shutdown:` as written (`any_significant`, `all_significant`, `never`), when an atom. */
  autoShutdown?: string;
  /**
   * Children the module adds to this supervisor with `Supervisor.start_child` after it starts (empty when it adds
   * none); undefined when it calls start_child in a way not attributed to this list (children unknown).
   */
  added?: Term[];
  inFunction: string;
  span: Span;
}

/** What a fact needs of the project: its modules by name (the project index, or a test's stand-in). */
export interface ModuleLookup {
  module(name: string): ModuleFacts | undefined;
}

export interface ModuleFacts {
  name: string;
  file: string;
  isTestFile: boolean;
  span: Span;
  nameSpan: Span;
  /** Its `defmodule` names no module: `name` is the one its path gives by Mix's convention (`PostalCode.Supervisor`). */
  nameless?: true;
  uses: { name: string; opts?: Term; span: Span }[];
  /** The first OTP behaviour it uses. */
  behaviour?: Behaviour;
  behaviourSpan?: Span;
  attributes: Map<string, Term>;
  aliases: Map<string, string>;
  functions: FunctionClause[];
  callbacks: Callback[];
  processCalls: ProcessCall[];
  childLists: ChildList[];
  /** Every remote or local call in the converted function bodies, with its enclosing function. */
  calls: { call: Call; fn: FunctionClause }[];
  ets: EtsOp[];
  /** Work started in another process and then waited for at once (OTP007). */
  sequentialWaits: {
    how: 'task-pipe' | 'task-next' | 'lazy-stream' | 'spawn-receive';
    inFunction: string;
    /** What the started closure calls (`Mod.fun`, or `fun` for a local call): one level, to find a process-dictionary change. */
    calls?: string[];
    /** A comment in the function says why the work runs in its own process (isolation, garbage, a crash). */
    isolated?: boolean;
    span: Span;
  }[];
  /**
   * `send(self(), msg)` with a `receive` in the same function (OTP008); with `nextTurn`, a receive loop's branch
   * sending its own process (self() or its registered name) a message another branch handles, then looping (self-feeds.ts).
   */
  selfMessages: { inFunction: string; nextTurn?: string; span: Span }[];
  /** A GenServer's `handle_info(msg)` that always sends `msg` to itself again at once: a loop with no pause (OTP008). */
  selfLoops: { inFunction: string; message: string; span: Span }[];
  registrations: Registration[];
  timers: Timer[];
  /**
   * Distributed Erlang: `:rpc`/`:erpc`/`:global` calls, `Node.connect/spawn/monitor`, `{:global, name}` names.
   * `aim`: this node (`node()`), a node or name the caller passes in (or a pid's node), the connected nodes
   * (`Node.list()`), or one the code chooses itself (a literal, config, a module-wide `:global` name).
   */
  distribution: { call: string; aim: 'local' | 'given' | 'connected' | 'chosen'; inFunction: string; span: Span }[];
  /**
   * Processes started (`GenServer.start_link`, `Agent.start`, `Task.start`, `spawn`...) with where (OTP021).
   * `discarded`: the caller throws the result away (a statement whose value is unused, `{:ok, _} = ...`, a pid kept only to `send` to it);
   * `startsItself`: `GenServer.start(__MODULE__, ...)`, the module starting its own process; `managed`: the
   * started closure links to or monitors another process, stops the application, or answers a caller waiting in a
   * call (`GenServer.reply`), or only stops other processes, so it ends by design; `explained`: a comment in the
   * function says why the work needs a process of its own (a deadlock in the caller, a separate process on purpose).
   * `repliedTo`: the pid's only other use is the reply of the handle_call answering this message key (`:add`, `{:add`): it goes to whoever made the call.
   * `answersStarter`: a `Task.start`/`spawn` closure that sends its result to the starting process (`me = self()`,
   * then `send(me, ...)`) and does not receive: a short-lived worker answering its starter.
   */
  starts: { call: string; inFunction: string; discarded: boolean; repliedTo?: string; startsItself: boolean; managed: boolean; explained?: boolean; answersStarter?: boolean; span: Span }[];
  /** Closures given to another process that capture a whole value but use only some fields (OTP022). */
  closures: { variable: string; fields: string[]; via: string; span: Span }[];
  /** Public functions that take a state value first and return it updated (OTP101). */
  threadingFunctions: string[];
  /** Loops whose body does independent slow IO (OTP102). */
  sequentialIo: { loop: string; io: string; inFunction?: string; span: Span }[];
  /** Sockets, ports and files opened outside any process (OTP103). */
  resources: { call: string; inFunction: string; managed: boolean; span: Span }[];
  /** Processes started here and where their pids go. */
  handles: Handle[];
  /** Its functions that loop on `receive`, whoever starts them. */
  receiveLoops: ReceiveLoop[];
  /** Names of its functions that write their own process's dictionary or Logger metadata (OTP007). */
  pdictWriters: string[];
  /** Modules its `defdelegate`s forward to: the tests that exercise this module exercise those too. */
  delegatesTo: string[];
  /** Modules it imports (`import Helpers, only: [...]`): a local call it does not define may be one of theirs. */
  imports: string[];
  /** `DynamicSupervisor.start_child(sup, spec)` calls (OTP012). */
  dynamicStarts: { supervisor: Target; spec?: Term; inFunction: string; span: Span }[];
}

export interface Registration {
  registry: string;
  key: Term;
  how: 'via' | 'register';
  /** A via tuple given as the `name:` of a process being started (rather than one used to reach it). */
  asName?: boolean;
  /** The key is the argument of `start_link/1`: its values are in the child specs that start the module. */
  keyFromStart?: boolean;
  inFunction: string;
  span: Span;
}

export type TestKind = 'restart' | 'concurrency' | 'timers' | 'multinode';

export interface TestBlock {
  /** `test "name"`, or `setup`/`setup_all` (whose findings apply to every test of the module). */
  kind: 'test' | 'setup';
  name: string;
  /** Test module that defines it. */
  module: string;
  file: string;
  span: Span;
  /** Full names of the modules the block mentions. */
  refs: Set<string>;
  verifies: Set<TestKind>;
  /** Atoms in the block: a timer's message asserted or sent by a test names it. */
  atoms: Set<string>;
  /**
   * It consumes a process's output over time (several `assert_receive`s, `GenStage.stream |> Enum.take`): a
   * periodic timer started in `init` of the process it exercises runs under it.
   */
  observesOverTime?: boolean;
  /** The block's statements, converted only when it uses `:ets` (tests are otherwise read as text). */
  body?: Term[];
}

export interface FileFacts {
  path: string;
  isTest: boolean;
  /** Position of the first syntax error, if the file does not parse cleanly. */
  parseError?: { line: number; col: number };
  modules: ModuleFacts[];
  tests: TestBlock[];
  /** Test modules with `async: true`. */
  asyncModules: Set<string>;
  lines: number;
  bytes: number;
}

/**
 * A test file, or support code under `test/` (compiled only for tests through `elixirc_paths`). A `test/` folder
 * inside `lib/` (`lib/sentry/test/registry.ex`, test helpers a library ships to its users) is product code.
 */
export function isTestCode(mod: { file: string; isTestFile: boolean }): boolean {
  return mod.isTestFile || (/(^|\/)test\//.test(mod.file) && !/(^|\/)lib\/(?:[^/]+\/)*test\//.test(mod.file));
}

export function fnLabel(fn: { name: string; arity: number }): string {
  return `${fn.name}/${fn.arity}`;
}

/** The name part of a `name/arity` label. */
export function fnName(label: string): string {
  return label.slice(0, label.lastIndexOf('/'));
}

/** The arity part of a `name/arity` label. */
export function fnArity(label: string): number {
  return Number(label.slice(label.lastIndexOf('/') + 1));
}
