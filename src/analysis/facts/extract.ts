// Reads one parsed file into FileFacts: module structure first (a shallow walk of module bodies),
// then converts only the function clauses that can hold an OTP fact, then runs the collectors.
// Converting every node of every file would cost more than the parse itself (see FACTS.md), so a
// text scan marks the "hot" clauses: those containing a watched name such as `GenServer.` or `spawn`.
import type { Language, Node, Tree, TreeCursor } from '../parse/parser';
import { calleeAt, eachChild, gotoNamedChild, isNamedType, type Child } from '../parse/cursor';
import { Converter, Source, childOfType, spanOf, type Span, type Term } from '../parse/term';
import { collectModuleFacts, LOOPS, SLOW_IO, TEST_WATCHED, WATCHED } from './registry';
import { collectEts } from './ets';
import { collectTestBlock, type TestScope } from './tests';
import { clausesNeedingLast, mayReturnUpdated } from './threading';
import { collectSpans, shiftClause, shiftPart, signature, type ClausePool, type FactsCache, type ModulePart } from './reuse';
import type { Behaviour, FileFacts, FunctionClause, ModuleFacts } from './types';
import { callsIn, keyword } from '../parse/terms';

/** The `#` comments of a clause's text (a `#` in a string or `#{` interpolation aside, roughly). */
function commentsIn(text: string): string {
  if (!text.includes('#')) return '';
  return (text.match(/(?:^|[^\w"'#])#(?!\{)[^\n]*/g) ?? []).join('\n');
}

/** Reading a process's output over time: a stream of its events taken, or several messages awaited in turn. */
const STREAMED = /\bGenStage\.stream\b|\bStream\.take\b|\|>\s*Enum\.take\(/;
function observesOverTime(text: string): boolean {
  return STREAMED.test(text) || (text.match(/\bassert_receive\b/g)?.length ?? 0) >= 2;
}

const BEHAVIOURS: readonly Behaviour[] = ['GenServer', 'Agent', 'Supervisor', 'DynamicSupervisor', 'Application', 'Task'];

/**
 * A module that uses an OTP behaviour, or calls Agent functions (checked on its text, before its statements are read):
 * its helpers are converted too, for the summaries rules look through (an Agent's update through `&do_add/2`).
 */
const OTP_USE = /\buse\s*\(?\s*(?:GenServer|Agent|Supervisor|DynamicSupervisor|Application|Task)\b|\bAgent\.[a-z]/;

/**
 * Names of effects a clause that is not converted can still have (IO, files, logs, the clock, a database,
 * other processes): a cold clause whose text has none is summarised as pure without converting it (a
 * GenServer delegating to a pure functional-core module). Calls to unknown modules are trusted: a heuristic.
 */
const EFFECTS = /\b(?:IO|File|Logger|Process|System|Port|Code|Application|Node|DateTime|NaiveDateTime|Time|Req|HTTPoison|Finch|Tesla|Phoenix\.PubSub|PubSub|Ecto\.Multi|Repo|\w+\.Repo)\.|:(?:ets|dets|persistent_term|os|file|rand|crypto|io|httpc|erlang)\.|\b(?:send|receive|raise|throw|exit|spawn\w*|apply)\b/;

/** Docs and typespecs: large, frequent, and never an OTP fact. */
const DOC_ATTRIBUTE = /^@(?:doc|moduledoc|typedoc|spec|type|typep|opaque|callback|macrocallback|impl|since|deprecated|dialyzer|compile)\b/;

/** Each module's alias scope, for the modules nested in it: the lookup, and the aliases as text (a clause's reuse key). */
const ALIAS_SCOPE = new WeakMap<ModuleFacts, { lookup: (first: string) => string | undefined; key: () => string }>();
/** Clauses whose last statement OTP101 has looked at (it depends on the clause's text alone). */
const LAST_READ = new WeakSet<FunctionClause>();

export interface FileInput {
  /** Project-relative path with `/`. */
  path: string;
  text: string;
  isTest: boolean;
  /** Convert every function clause, not only those the registry's pre-filter marks (to test that filter). */
  convertAll?: boolean;
}

/**
 * `previous` is the cache returned for the file's last version: top-level modules whose text did not
 * change are taken from it. Entries are moved (not copied) into the returned cache. `factsChanged` is
 * false when the edit only moved positions (the language server then re-checks only the edited module).
 * Without `keep` (a file read once, as the CLI does) no cache is built: its keys hash every module's text.
 */
export function extractFacts(
  input: FileInput,
  tree: Tree,
  previous?: FactsCache,
  keep = true,
): { facts: FileFacts; cache: FactsCache; factsChanged: boolean; stale: Set<Span> } {
  const cache: FactsCache = new Map();
  const source = new Source(input.text);
  const added: string[] = [];
  const { text, path, isTest } = input;
  const facts: FileFacts = {
    path,
    isTest,
    modules: [],
    tests: [],
    asyncModules: new Set(),
    lines: source.lineCount,
    bytes: text.length,
  };
  const root = tree.rootNode;
  if (root.hasError) facts.parseError = firstError(root);

  // Top-level modules found with the cursor: on each keystroke most are only looked up by their text.
  const tops: Child[] = [];
  const c = root.walk();
  eachChild(c, tree.language, (k) => k.type === 'call' && calleeAt(c, tree.language, input.text) === 'defmodule' && tops.push(k));
  c.delete();
  const texts = tops.map((t) => input.text.slice(t.start, t.end));
  // Clauses of the modules that changed, for the modules read again to take over those that did not.
  let pool: ClausePool | undefined;
  const poolOf = (): ClausePool => {
    if (pool) return pool;
    const current = new Set(texts);
    pool = new Map();
    for (const [t, c] of previous ?? []) if (!current.has(t)) for (const [k, v] of c.clauses) pool.set(k, v);
    return pool;
  };
  tops.forEach((top, i) => {
    const text = texts[i];
    const { line: row, col: column } = source.span(top.start, top.start);
    let cached = previous?.get(text);
    if (cached && cached.col === column) {
      previous!.delete(text);
      shiftPart(cached, row - cached.line, top.start - cached.start);
    } else cached = undefined;
    const clauses: ClausePool = cached?.clauses ?? new Map();
    const reading = { source, language: tree.language, pool: keep && previous ? poolOf() : undefined, clauses: keep ? clauses : undefined, convertAll: input.convertAll };
    const part = cached?.part ?? readTopModule(root.descendantForIndex(top.start, top.end)!, text, facts, reading);
    // Signatures only matter when comparing versions of a file: the batch (CLI) path never computes them.
    if (!cached && previous) added.push(signature(part));
    if (keep) cache.set(text, { part, line: row, col: column, start: top.start, spans: cached?.spans, sig: cached?.sig, clauses });
    facts.modules.push(...part.modules);
    facts.tests.push(...part.tests);
    for (const m of part.asyncModules) facts.asyncModules.add(m);
  });
  // Code outside modules (a script): read whole on every version, so its facts always count as changed.
  const script = readScript(root, facts, source);
  if (script) facts.modules.push(script);
  // Unchanged facts: the modules that were extracted anew say the same as the ones they replace.
  const removed = previous ? [...previous.values()].map((c) => (c.sig ??= signature(c.part))).sort() : undefined;
  const factsChanged = !!script || !removed || removed.join('\u0001') !== added.sort().join('\u0001');
  // Spans of the module versions replaced: a kept finding that points at one must be checked again.
  const stale = new Set<Span>();
  if (previous && !factsChanged) for (const c of previous.values()) for (const x of (c.spans ??= collectSpans(c.part))) stale.add(x);
  return { facts, cache, factsChanged, stale };
}

/** A top-level module and the modules nested in it (iteratively: each entry is a `defmodule` and its parent). */
/** What reading a module needs besides its node: the file's source and grammar, and the clause pools. */
interface Reading {
  source: Source;
  language: Language;
  /** Clauses of the file's previous version that may be taken over. */
  pool?: ClausePool;
  /** Where the clauses read now are recorded for the next version. */
  clauses?: ClausePool;
  convertAll?: boolean;
}

function readTopModule(top: Node, text: string, file: FileFacts, reading: Reading): ModulePart {
  const hits = hitOffsets(text, top.startIndex, file.isTest);
  const into: FileFacts = { ...file, modules: [], tests: [], asyncModules: new Set() };
  const stack: { node: Node; parent?: ModuleFacts }[] = [{ node: top }];
  while (stack.length) {
    const { node, parent } = stack.shift()!;
    const mod = readModule(node, parent, into, hits, stack, reading);
    if (mod) into.modules.push(mod);
  }
  return { modules: into.modules, tests: into.tests, asyncModules: [...into.asyncModules] };
}

function readModule(
  node: Node,
  parent: ModuleFacts | undefined,
  file: FileFacts,
  hits: number[],
  stack: { node: Node; parent?: ModuleFacts }[],
  reading: Reading,
): ModuleFacts | undefined {
  const { source, language, pool, clauses } = reading;
  const args = childOfType(node, 'arguments');
  const nameNode = args?.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? undefined;
  if (!nameNode) return undefined;
  // Own aliases only; a nested module sees its parents' through `aliasOf` (copies would grow with depth squared).
  const aliases = new Map<string, string>();
  const parentScope = parent ? ALIAS_SCOPE.get(parent) : undefined;
  const aliasOf = (first: string): string | undefined => aliases.get(first) ?? parentScope?.lookup(first);
  const written = nameNode.type === 'alias' ? nameNode.text : undefined;
  const name = written
    ? parent && !written.startsWith('Elixir.')
      ? `${parent.name}.${written}`
      : written.replace(/^Elixir\./, '')
    : nameNode.type === 'dot' && parent
      ? nameNode.text.replace(/^__MODULE__/, parent.name)
      : nameNode.text;
  // A nested module is reachable from its parent by its last segment.
  if (parent && written) parent.aliases.set(written.split('.')[0], `${parent.name}.${written.split('.')[0]}`);

  const mod = newModule(name, file, spanOf(node), spanOf(nameNode), aliases);
  const aliasKey = (): string => `${[...aliases].join(';')}|${parentScope?.key() ?? ''}`;
  ALIAS_SCOPE.set(mod, { lookup: aliasOf, key: aliasKey });
  const resolve = (n: string) => {
    const [first, ...rest] = n.split('.');
    const full = aliasOf(first);
    return full ? [full, ...rest].join('.') : n.replace(/^Elixir\./, '');
  };
  const conv = new Converter({ module: name, resolve, source });
  const body = childOfType(node, 'do_block');
  if (!body) return mod;

  // Every clause of a process module is converted; its text tells before its `use` is read. Text after a
  // nested `defmodule` belongs to that module (a `use` written after one is caught below).
  const own = source.text.slice(mod.r.start + 9, mod.r.end);
  const nested = own.search(/\bdefmodule\b/);
  const otp = OTP_USE.test(nested === -1 ? own : own.slice(0, nested));
  const defAt = new Map<FunctionClause, Child>();
  const testScopes: { scope: TestScope; at: Child }[] = [];
  // Module bodies, and `describe` blocks inside test modules, hold the statements we read.
  const bodies: Node[] = [body];
  while (bodies.length) {
    const c = bodies.shift()!.walk();
    eachChild(c, language, (st) => {
      if (st.type === 'unary_operator') {
        if (DOC_ATTRIBUTE.test(source.text.slice(st.start, st.start + 20))) return;
        const a = conv.termAt(c, st, language);
        if (a.t === 'attr' && a.value) mod.attributes.set(a.name, a.value);
        return;
      }
      const callee = st.type === 'call' ? calleeAt(c, language, source.text) : undefined;
      switch (callee) {
        case 'defmodule':
          stack.push({ node: c.currentNode, parent: mod });
          break;
        case 'alias':
          readAlias(c.currentNode, aliases, aliasOf, name);
          break;
        case 'use': {
          const u = conv.termAt(c, st, language);
          if (u.t === 'call' && u.args[0]?.t === 'alias') {
            mod.uses.push({ name: u.args[0].name, opts: u.args[1], r: u.r });
            const b = u.args[0].name as Behaviour;
            if (!mod.behaviour && BEHAVIOURS.includes(b)) {
              mod.behaviour = b;
              mod.behaviourR = u.r;
            }
            if (u.args[0].name === 'ExUnit.Case' && u.args[1]?.t === 'list') {
              const async = u.args[1].items.find((i) => i.t === 'pair' && i.key.t === 'lit' && i.key.value === ':async');
              if (async?.t === 'pair' && async.value.t === 'lit' && async.value.value === 'true') file.asyncModules.add(name);
            }
          }
          break;
        }
        case 'def':
        case 'defp':
        case 'defmacro':
        case 'defmacrop': {
          const hot = !!reading.convertAll || otp || hasHit(hits, st.start, st.end);
          const where = source.span(st.start, st.start);
          // Terms depend on the module (`__MODULE__`) and the aliases in scope, not only on the text.
          const key = clauses ? `${name}\u0001${aliasKey()}\u0001${hot}\u0001${source.text.slice(st.start, st.end)}` : undefined;
          const prev = key !== undefined ? pool?.get(key) : undefined;
          let clause: FunctionClause | undefined;
          if (prev && prev.col === where.col) {
            pool!.delete(key!);
            shiftClause(prev, where.line - prev.line, st.start - prev.start);
            clause = prev.clause;
          } else clause = hot ? readHotClause(conv.termAt(c, st, language), callee.endsWith('p')) : readColdClause(c, st, callee.endsWith('p'), conv, language, source);
          if (clause?.body && clause.comments === undefined) clause.comments = commentsIn(source.text.slice(st.start, st.end));
          if (clause && key !== undefined) clauses!.set(key, prev && prev.clause === clause ? prev : { clause, hot, line: where.line, col: where.col, start: st.start });
          if (clause) {
            mod.functions.push(clause);
            defAt.set(clause, st);
          }
          break;
        }
        case 'defdelegate': {
          // `defdelegate handle_info(msg, socket), to: Shared`: Shared's code runs under this module's tests.
          const d = conv.termAt(c, st, language);
          const to = d.t === 'call' ? keyword(d.args[d.args.length - 1], 'to') : undefined;
          if (to?.t === 'alias' && !mod.delegatesTo.includes(to.name)) mod.delegatesTo.push(to.name);
          break;
        }
        case 'describe':
          if (file.isTest) {
            const b = childOfType(c.currentNode, 'do_block');
            if (b) bodies.push(b);
          }
          break;
        case 'test':
        case 'setup':
        case 'setup_all':
          if (file.isTest) {
            const scope = callee === 'test' ? 'test' : 'setup';
            testScopes.push({ scope, at: st });
            const block = collectTestBlock(c, st, scope, conv, source, name, file.path, language);
            if (observesOverTime(source.text.slice(st.start, st.end))) block.observesOverTime = true;
            file.tests.push(block);
          }
          break;
      }
    });
    c.delete();
  }

  if (mod.behaviour && !otp) {
    // Rare: `use GenServer` after a nested module. Its clauses were read cold; convert them now.
    mod.functions = mod.functions.map((f) => {
      const at = defAt.get(f)!;
      const hot = f.body ? f : readHotClause(conv.term(node.tree.rootNode.descendantForIndex(at.start, at.end)!), f.isPrivate);
      if (hot) defAt.set(hot, at);
      return hot ?? f;
    });
  }
  // OTP101 reads what public functions return: a cold clause gets its last statement alone, when it can matter.
  for (const [clause, state] of clausesNeedingLast(mod)) {
    // A clause taken over from the last version was looked at already (its spans are tracked for shifting).
    if (LAST_READ.has(clause)) continue;
    LAST_READ.add(clause);
    const at = defAt.get(clause)!;
    const last = lastStatement(node.tree.rootNode.descendantForIndex(at.start, at.end)!);
    if (last && mayReturnUpdated(last.text, state)) clause.last = conv.term(last);
  }


  for (const f of mod.functions) if (f.body) for (const call of callsIn(f.body)) mod.calls.push({ call, fn: f });
  collectModuleFacts(mod);
  // OTP006 follows tables created in tests through test and setup blocks, which are not function clauses.
  if (file.isTest && testScopes.length && node.text.includes(':ets.new')) {
    mod.ets = collectEts(mod, testScopes.map((t) => conv.term(node.tree.rootNode.descendantForIndex(t.at.start, t.at.end)!)));
  }
  return mod;
}

/** A module with no facts yet. */
function newModule(name: string, file: FileFacts, r: Span, nameR: Span, aliases = new Map<string, string>()): ModuleFacts {
  return {
    name,
    file: file.path,
    isTestFile: file.isTest,
    r,
    nameR,
    uses: [],
    attributes: new Map(),
    aliases,
    functions: [],
    callbacks: [],
    processCalls: [],
    childLists: [],
    calls: [],
    ets: [],
    sequentialWaits: [],
    selfMessages: [],
    registrations: [],
    timers: [],
    distribution: [],
    starts: [],
    closures: [],
    threadingFunctions: [],
    sequentialIo: [],
    resources: [],
    dynamicStarts: [],
    handles: [],
    delegatesTo: [],
    pdictWriters: [],
  };
}

/** Top-level code that runs when a script is loaded: not definitions, directives or configuration. */
const NOT_SCRIPT = /^(?:defmodule|defprotocol|defimpl|require|import|alias|use|import_config|config|Mix\.install)\b/;

/**
 * The statements of a script outside its modules (`elixir tasks.exs`, exercises run with `c "file.ex"`), read as
 * the body of one function of a module named after the file, when one of them can hold a fact. Scripts are small,
 * so all of their statements are converted: facts about order (a task awaited after a print) need them all.
 */
function readScript(root: Node, file: FileFacts, source: Source): ModuleFacts | undefined {
  const statements = root.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment' && !NOT_SCRIPT.test(source.text.slice(n.startIndex, n.startIndex + 40)));
  if (!statements.some((n) => hasHit(hitOffsets(source.text.slice(n.startIndex, n.endIndex), n.startIndex, file.isTest), n.startIndex, n.endIndex))) return undefined;
  const name = `(script ${file.path})`;
  const conv = new Converter({ module: name, resolve: (n) => n.replace(/^Elixir\./, ''), source });
  const first = spanOf(statements[0]);
  const body = statements.map((n) => conv.term(n));
  const mod = newModule(name, file, { ...first, endLine: spanOf(statements[statements.length - 1]).endLine, end: statements[statements.length - 1].endIndex }, first);
  mod.functions.push({ name: '(top level)', arity: 0, isPrivate: true, params: [], body, r: mod.r, head: first });
  for (const call of callsIn(body)) mod.calls.push({ call, fn: mod.functions[0] });
  collectModuleFacts(mod, { sameFile: file.modules });
  return mod;
}

/** A converted `def` clause: parameters, guard and body. */
function readHotClause(whole: Term, isPrivate: boolean): FunctionClause | undefined {
  if (whole.t !== 'call') return undefined;
  let h = whole.args[0];
  let guard: Term | undefined;
  if (h?.t === 'op' && h.op === 'when') {
    guard = h.right;
    h = h.left;
  }
  if (!h || (h.t !== 'call' && h.t !== 'var')) return undefined;
  const params = h.t === 'call' ? h.args : [];
  const body: Term[] = whole.block?.do ? [...whole.block.do.body] : [];
  // `rescue`/`after` sections of an implicit try belong to the body too.
  for (const k of ['rescue', 'catch', 'after', 'else'] as const) {
    const s = whole.block?.[k];
    if (s) body.push({ t: 'block', body: [...s.body, ...s.clauses.flatMap((c) => c.body)], r: whole.r });
  }
  return { name: h.name, arity: params.length, isPrivate, params, guard, body, r: whole.r, head: h.r };
}

/**
 * A `def` clause not worth converting (most of a project): name and arity read by moving the cursor, which
 * is on the `def` and is left there; only a public clause's first parameter is converted (OTP101 reads it).
 */
function readColdClause(c: TreeCursor, def: Child, isPrivate: boolean, conv: Converter, language: Language, source: Source): FunctionClause | undefined {
  if (!gotoNamedChild(c, language, 'arguments')) return undefined;
  let clause: FunctionClause | undefined;
  let head = gotoNamedChild(c, language);
  if (head) {
    let depth = 1;
    if (head === 'binary_operator') {
      // `f(x) when guard`: the head is the left operand when the operator (the next child) is `when`.
      const left = gotoNamedChild(c, language);
      head = undefined;
      if (left) {
        depth++;
        if (c.gotoNextSibling()) {
          const op = language.types[c.nodeTypeId];
          c.gotoPreviousSibling();
          if (op === 'when') head = left;
        }
      }
    }
    if (head) clause = readColdHead(c, head, def, isPrivate, conv, language, source);
    if (clause && !EFFECTS.test(source.text.slice(def.start, def.end))) clause.quiet = true;
    for (let i = 0; i < depth; i++) c.gotoParent();
  }
  c.gotoParent();
  return clause;
}

/** The head under the cursor (`name` or `name(args)`), which is left where it was. */
function readColdHead(c: TreeCursor, type: string, def: Child, isPrivate: boolean, conv: Converter, language: Language, source: Source): FunctionClause | undefined {
  const head = source.span(c.startIndex, c.endIndex);
  const r = source.span(def.start, def.end);
  if (type === 'identifier') return { name: source.text.slice(head.start, head.end), arity: 0, isPrivate, params: [], r, head };
  if (type !== 'call' || !c.gotoFirstChild()) return undefined;
  const name = source.text.slice(c.startIndex, c.endIndex);
  let arity = 0;
  const params: Term[] = [];
  while (c.gotoNextSibling()) {
    if (language.types[c.nodeTypeId] !== 'arguments') continue;
    let p = gotoNamedChild(c, language);
    if (p) {
      do {
        if (arity++ === 0 && !isPrivate) params.push(conv.termAt(c, { type: p, start: c.startIndex, end: c.endIndex }, language));
        p = undefined;
        while (!p && c.gotoNextSibling()) {
          const id = c.nodeTypeId;
          const t = language.types[id];
          if (t !== 'comment' && isNamedType(language, id)) p = t;
        }
      } while (p);
      c.gotoParent();
    }
    break;
  }
  c.gotoParent();
  return { name, arity, isPrivate, params, r, head };
}

/** The last statement of a def's `do` (block or `do:` keyword), found without converting the rest. */
function lastStatement(def: Node): Node | undefined {
  const block = childOfType(def, 'do_block');
  if (block) {
    // From the end, past comments and `rescue`/`after` sections: no walk over a long body.
    let last = block.lastNamedChild;
    while (last && (last.type === 'comment' || last.type.endsWith('_block'))) last = last.previousNamedSibling;
    return last ?? undefined;
  }
  const kw = childOfType(childOfType(def, 'arguments') ?? def, 'keywords');
  for (const p of kw ? statements(kw) : []) if (/^do:/.test(p.childForFieldName('key')?.text ?? '')) return p.childForFieldName('value') ?? undefined;
  return undefined;
}

function readAlias(node: Node, aliases: Map<string, string>, aliasOf: (first: string) => string | undefined, current: string): void {
  const args = childOfType(node, 'arguments');
  if (!args) return;
  const [target, opts] = args.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  if (!target) return;
  const full = (t: Node): string | undefined => {
    if (t.type === 'alias') return resolveWith(aliasOf, t.text);
    if (t.type === 'identifier' && t.text === '__MODULE__') return current;
    if (t.type === 'dot') {
      const l = t.childForFieldName('left');
      const r = t.childForFieldName('right');
      const base = l ? full(l) : undefined;
      return base && r?.type === 'alias' ? `${base}.${r.text}` : undefined;
    }
    return undefined;
  };
  // alias A.{B, C.D}
  if (target.type === 'dot' && target.childForFieldName('right')?.type === 'tuple') {
    const l = target.childForFieldName('left');
    const base = l ? full(l) : undefined;
    if (!base) return;
    for (const a of target.childForFieldName('right')!.namedChildren) {
      if (a?.type === 'alias') aliases.set(a.text.split('.').pop()!, `${base}.${a.text}`);
    }
    return;
  }
  const name = full(target);
  if (!name) return;
  let as = name.split('.').pop()!;
  if (opts?.type === 'keywords') {
    for (const p of opts.namedChildren) {
      if (p?.childForFieldName('key')?.text.startsWith('as:')) as = p.childForFieldName('value')?.text ?? as;
    }
  }
  aliases.set(as, name);
}

function resolveWith(aliasOf: (first: string) => string | undefined, n: string): string {
  const [first, ...rest] = n.split('.');
  const full = aliasOf(first);
  return full ? [full, ...rest].join('.') : n;
}

/** Named, non-comment children of a block-like node. */
function statements(node: Node): Node[] {
  // One call across the wasm boundary for all children, instead of one per child.
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}



/**
 * Offsets (in the file) of watched names in a top-level module's text, which starts at `base`. In a test
 * file only ETS matters (OTP006): every other rule skips test modules, and a process module defined in a
 * test is converted whole anyway.
 */
function hitOffsets(text: string, base: number, isTest: boolean): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(isTest ? TEST_WATCHED : WATCHED)) out.push(base + m.index!);
  if (isTest) return out;
  if (SLOW_IO.test(text)) for (const m of text.matchAll(LOOPS)) out.push(base + m.index!);
  return out.sort((a, b) => a - b);
}

function hasHit(sorted: number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] < end;
}

function firstError(root: Node): { line: number; col: number } {
  let n: Node = root;
  for (;;) {
    if (n.isError || n.isMissing) break;
    let next: Node | undefined;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i);
      if (c && (c.hasError || c.isError || c.isMissing)) {
        next = c;
        break;
      }
    }
    if (!next) break;
    n = next;
  }
  return { line: n.startPosition.row, col: n.startPosition.column };
}
