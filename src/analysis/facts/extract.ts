// Reads one parsed file into FileFacts: module structure first (a shallow walk of module bodies), then converts
// only the function clauses that can hold an OTP fact, then runs the collectors. Converting every node of every file
// would cost more than the parse itself (see FACTS.md), so a text scan marks the "hot" clauses: those containing a
// watched name such as `GenServer.` or `spawn` (or `Ets.new` after `alias :ets, as: Ets`).
import type { Language, Node, Tree } from '../parse/parser';
import { calleeAt, eachChild, type Child } from '../parse/cursor';
import { Converter } from '../parse/convert';
import { Source } from '../parse/source';
import { childOfType, spanOf, type Span } from '../parse/term';
import { collectModuleFacts } from './registry';
import { collectEts } from './ets';
import { collectTestBlock, type TestScope } from './tests';
import { clausesNeedingLast, mayReturnUpdated } from './threading';
import { collectSpans, shiftClause, shiftPart, signature, type ClausePool, type FactsCache, type ModulePart } from './reuse';
import type { Behaviour, FileFacts, FunctionClause, ModuleFacts } from './types';
import { callsIn } from '../parse/term-queries';
import { commentsIn, DOC_ATTRIBUTE, firstError, hasHit, hitOffsets, observesOverTime, readAlias, erlangAliases } from './module-syntax';
import { ALIAS_SCOPE, clauseKey, LAST_READ, mayHandOff, referencedModule, resolverOf, usesOtp } from './module-scope';
import { spliceDefinitions } from './splice';
import { nestedStatements, statementKind, statementsOfTree, type Statement } from './module-statements';
import { readHotClause, readColdClause, lastStatement } from './read-clause';
import { mayReturnStart, readSpec } from './specs';
import { newModule, pathModuleName, readScript, topModules, type ScriptMemo, type ScriptScan } from './script-module';
export { scriptMemo, type ScriptScan } from './script-scan'; // for the engine, which keeps a script's answers

const BEHAVIOURS: readonly Behaviour[] = ['GenServer', 'Agent', 'Supervisor', 'DynamicSupervisor', 'Application', 'Task'];

export interface FileInput {
  /** Project-relative path with `/`. */
  path: string;
  text: string;
  isTest: boolean;
  /** Convert every function clause, not only those the registry's pre-filter marks (to test that filter). */
  convertAll?: boolean;
  script?: ScriptMemo; // the answers of a script's last version, for its top-level code (script-scan.ts)
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
): { facts: FileFacts; source: Source; cache: FactsCache; factsChanged: boolean; stale: Set<Span>; script?: ScriptScan } {
  const cache: FactsCache = new Map();
  const source = new Source(input.text);
  const added: string[] = [];
  const { text, path, isTest } = input;
  const facts: FileFacts = { path, isTest, modules: [], tests: [], asyncModules: new Set(), lines: source.lineCount, bytes: text.length };
  const root = tree.rootNode;
  if (root.hasError) facts.parseError = firstError(root);

  // Top-level modules found with the cursor: on each keystroke most are only looked up by their text.
  const { tops, guards } = topModules(root, tree.language, input.text);
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
  // Splicing moves objects of the old version: only when one module changed (no other read takes them over).
  const oneChanged = !!previous && texts.filter((t) => !previous.has(t)).length === 1;
  let splicedChanged = false;
  const splicedStale: Span[] = [];
  tops.forEach((top, i) => {
    const text = texts[i];
    const { line: row, col: column } = source.span(top.start, top.start);
    let cached = previous?.get(text);
    if (cached && cached.col === column) {
      previous!.delete(text);
      shiftPart(cached, row - cached.line, top.start - cached.start);
    } else cached = undefined;
    // An edit inside a module that stays where it was: the definitions it touched alone are read again (splice.ts).
    const before = !cached && keep && oneChanged ? [...previous!].find(([t, c]) => c.start === top.start && c.col === column && !texts.includes(t)) : undefined;
    const spliced = before && spliceDefinitions(before[1], before[0], text, { source, language: tree.language, isTest, convertAll: input.convertAll, statementsIn: statementsOfTree(root, top.start, text.length) });
    if (spliced) {
      previous!.delete(before[0]);
      cache.set(text, spliced.entry);
      splicedChanged ||= spliced.changed;
      splicedStale.push(...spliced.stale);
      facts.modules.push(...spliced.entry.part.modules);
      for (const m of spliced.entry.part.asyncModules) facts.asyncModules.add(m);
      return;
    }
    const clauses: ClausePool = cached?.clauses ?? new Map();
    const reading = { source, language: tree.language, pool: keep && previous ? poolOf() : undefined, clauses: keep ? clauses : undefined, convertAll: input.convertAll, statements: [] as Statement[] };
    const node = cached ? undefined : root.descendantForIndex(top.start, top.end)!;
    const part = cached?.part ?? readTopModule(node!, text, facts, reading);
    // Signatures only matter when comparing versions of a file: the batch (CLI) path never computes them.
    if (!cached && previous) added.push(signature(part));
    if (keep) cache.set(text, { part, line: row, col: column, start: top.start, spans: cached?.spans, sig: cached?.sig, clauses, clean: cached ? cached.clean : !node!.hasError, statements: cached ? cached.statements : reading.statements, flags: cached?.flags });
    facts.modules.push(...part.modules);
    facts.tests.push(...part.tests);
    for (const m of part.asyncModules) facts.asyncModules.add(m);
  });
  // Code outside modules (a script): read whole on every version, so its facts always count as changed.
  const script = readScript(root, facts, source, guards, input.script);
  if (script) facts.modules.push(script);
  // Unchanged facts: the modules that were extracted anew say the same as the ones they replace.
  const removed = previous ? [...previous.values()].map((c) => (c.sig ??= signature(c.part))).sort() : undefined;
  const factsChanged = !!script || !removed || splicedChanged || removed.join('\u0001') !== added.sort().join('\u0001');
  // Spans of the module versions replaced: a kept finding that points at one must be checked again.
  const stale = new Set<Span>(factsChanged ? [] : splicedStale);
  if (previous && !factsChanged) for (const c of previous.values()) for (const x of (c.spans ??= collectSpans(c.part))) stale.add(x);
  return { facts, source, cache, factsChanged, stale, script: input.script?.next };
}

/** What reading a module needs besides its node: the file's source and grammar, and the clause pools. */
interface Reading {
  source: Source;
  language: Language;
  pool?: ClausePool; // clauses of the file's previous version that may be taken over
  clauses?: ClausePool; // where the clauses read now are recorded for the next version
  convertAll?: boolean;
  statements?: Statement[]; // the top-level module's, relative to its start (splice.ts)
}

/** A top-level module and the modules nested in it (iteratively: each entry is a `defmodule` and its parent). */
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
  // A `defmodule do` with no name yet (mid-edit, or left so) is read under the name its path gives (pathModuleName).
  const nameNode = args?.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? node;
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
      : nameNode === node ? pathModuleName(file.path) : nameNode.text;
  // A nested module is reachable from its parent by its last segment.
  if (parent && written) parent.aliases.set(written.split('.')[0], `${parent.name}.${written.split('.')[0]}`);

  const mod = newModule(name, file, spanOf(node), spanOf(nameNode === node ? node.child(0) ?? node : nameNode), aliases, nameNode === node);
  const aliasKey = (): string => `${[...aliases].join(';')}|${parentScope?.key() ?? ''}`;
  ALIAS_SCOPE.set(mod, { lookup: aliasOf, key: aliasKey });
  const conv = new Converter({ module: name, resolve: resolverOf(aliasOf), source });
  const body = childOfType(node, 'do_block');
  if (!body) return mod;

  // Every clause of a process module is converted; its text tells before its `use` is read. Text after a nested `defmodule` belongs to that module (a `use` written after one is caught below).
  const otp = usesOtp(source.text, mod.span.start, mod.span.end);
  const whole = otp || mayHandOff(source.text, mod.span.start, mod.span.end);
  const defAt = new Map<FunctionClause, Child>();
  const testScopes: { scope: TestScope; at: Child }[] = [];
  let spec: ReturnType<typeof readSpec>; // the last `@spec` (unread when it cannot return a start), for its function's clauses after it
  // Module bodies, and `describe` blocks inside test modules, hold the statements we read.
  const bodies: Node[] = [body];
  // Recorded for edits to re-read little: in test files, `describe` bodies' too (splice-tests.ts); a nested module's beside it (splice-nested.ts).
  const top = !parent ? reading.statements : reading.statements && !file.isTest ? nestedStatements(mod) : undefined;
  while (bodies.length) {
    const c = bodies.shift()!.walk();
    eachChild(c, language, (st) => {
      const callee = st.type === 'call' ? calleeAt(c, language, source.text) : undefined;
      if (top) top.push({ start: st.start - mod.span.start, end: st.end - mod.span.start, kind: statementKind(st.type, callee, source.text, st.start) });
      if (st.type === 'unary_operator') {
        if (source.text.startsWith('@spec ', st.start)) spec = mayReturnStart(source.text.slice(st.start, st.end)) ? readSpec(conv.termAt(c, st, language)) : undefined;
        if (DOC_ATTRIBUTE.test(source.text.slice(st.start, st.start + 20))) return;
        const a = conv.termAt(c, st, language);
        if (a.t === 'attr' && a.value) mod.attributes.set(a.name, a.value);
        return;
      }
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
            mod.uses.push({ name: u.args[0].name, opts: u.args[1], span: u.span });
            const b = u.args[0].name as Behaviour;
            if (!mod.behaviour && BEHAVIOURS.includes(b)) {
              mod.behaviour = b;
              mod.behaviourSpan = u.span;
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
          const hot = !!reading.convertAll || whole || hasHit(hits, st.start, st.end) || !!erlangAliases(aliases)?.test(source.text.slice(st.start, st.end));
          const where = source.span(st.start, st.start);
          // Terms depend on the module (`__MODULE__`) and the aliases in scope, not only on the text.
          const key = clauses ? clauseKey(name, aliasKey(), hot, source.text.slice(st.start, st.end)) : undefined;
          const prev = key !== undefined ? pool?.get(key) : undefined;
          let clause: FunctionClause | undefined;
          if (prev && prev.col === where.col) {
            pool!.delete(key!);
            shiftClause(prev, where.line - prev.line, st.start - prev.start);
            clause = prev.clause;
          } else clause = hot ? readHotClause(conv.termAt(c, st, language), callee.endsWith('p')) : readColdClause(c, st, callee.endsWith('p'), conv, language, source);
          if (clause?.body && clause.comments === undefined) clause.comments = commentsIn(source.text.slice(st.start, st.end));
          if (clause && key !== undefined) clauses!.set(key, prev && prev.clause === clause ? prev : { clause, hot, line: where.line, col: where.col, start: st.start, end: st.end });
          if (clause) {
            if (spec?.name === clause.name && spec.returnsStart) clause.returnsStart = true;
            else delete clause.returnsStart;
            mod.functions.push(clause);
            defAt.set(clause, st);
          }
          break;
        }
        case 'import':
        case 'defdelegate': {
          // `import Helpers`: a local call may be one of Helpers'. `defdelegate f(x), to: Shared`: Shared's code runs under this module's tests.
          const to = referencedModule(callee, conv.termAt(c, st, language));
          const list = callee === 'import' ? mod.imports : mod.delegatesTo;
          if (to && !list.includes(to)) list.push(to);
          break;
        }
        case 'describe': {
          const block = file.isTest ? childOfType(c.currentNode, 'do_block') : undefined;
          if (block) bodies.push(block);
          break;
        }
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
