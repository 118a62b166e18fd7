// A module's facts before any is read, and a script's top-level code (what runs when it is loaded) read
// as a module of its own.
import type { Language, Node } from '../parse/parser';
import { calleeAt, eachChild, type Child } from '../parse/cursor';
import { Converter } from '../parse/convert';
import { Source } from '../parse/source';
import { spanOf, type Span } from '../parse/term';
import { collectModuleFacts } from './registry';
import type { FileFacts, ModuleFacts } from './types';
import { callsIn } from '../parse/term-queries';
import { statementHit, type ScriptMemo } from './script-scan';
export type { ScriptMemo, ScriptScan } from './script-scan';
const CONDITIONAL = new Set(['if', 'unless']);

/**
 * The file's top-level modules, and the starts of the top-level `if`/`unless` that hold some: a module defined
 * under one (`if Code.ensure_loaded?(Redix) do defmodule ...`, an adapter compiled only when its dependency is
 * present) is a module like any other, not script code.
 */
export function topModules(root: Node, language: Language, text: string): { tops: Child[]; guards: Set<number> } {
  const tops: Child[] = [];
  const guards = new Set<number>();
  const c = root.walk();
  const isModule = (k: Child) => k.type === 'call' && calleeAt(c, language, text) === 'defmodule';
  eachChild(c, language, (k) => {
    if (isModule(k)) tops.push(k);
    else if (k.type === 'call' && CONDITIONAL.has(calleeAt(c, language, text) ?? '')) {
      const before = tops.length;
      eachChild(c, language, (b) => {
        if (b.type === 'do_block' || b.type === 'else_block') eachChild(c, language, (m) => isModule(m) && tops.push(m));
      });
      if (tops.length > before) guards.add(k.start);
    }
  });
  c.delete();
  return { tops, guards };
}

/**
 * The name Mix's convention gives the module of a file (`lib/postal_code/supervisor.ex` → `PostalCode.Supervisor`):
 * what a `defmodule do` written without a name is read as, so its processes and children are still seen.
 */
export function pathModuleName(path: string): string {
  const rel = path.replace(/^(?:.*\/)?lib\//, '').replace(/\.exs?$/, '');
  return rel.split('/').map((seg) => seg.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')).join('.');
}

/** A module with no facts yet; `nameless` when its `defmodule` gives no name (named by `pathModuleName`). */
export function newModule(name: string, file: FileFacts, r: Span, nameR: Span, aliases = new Map<string, string>(), nameless = false): ModuleFacts {
  return {
    ...(nameless && { nameless: true as const }),
    name,
    file: file.path,
    isTestFile: file.isTest,
    span: r,
    nameSpan: nameR,
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
    selfLoops: [],
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
    receiveLoops: [],
    delegatesTo: [],
    imports: [],
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
export function readScript(root: Node, file: FileFacts, source: Source, moduleGuards: ReadonlySet<number> = new Set(), memo?: ScriptMemo): ModuleFacts | undefined {
  // `moduleGuards`: where a top-level `if`/`unless` starts that defines modules, which are read as modules.
  const statements = root.namedChildren.filter(
    (n): n is Node => n !== null && n.type !== 'comment' && !moduleGuards.has(n.startIndex) && !NOT_SCRIPT.test(source.text.slice(n.startIndex, n.startIndex + 40)),
  );
  // With a memo every statement is asked (its answers are kept for the next version); without, up to the first yes.
  let hit = false;
  for (const n of statements) if (statementHit(source.text, n.startIndex, n.endIndex, file.isTest, memo) && (hit = true) && !memo) break;
  if (!hit) return undefined;
  const name = `(script ${file.path})`;
  const conv = new Converter({ module: name, resolve: (n) => n.replace(/^Elixir\./, ''), source });
  const first = spanOf(statements[0]);
  const body = statements.map((n) => conv.term(n));
  const mod = newModule(name, file, { ...first, endLine: spanOf(statements[statements.length - 1]).endLine, end: statements[statements.length - 1].endIndex }, first);
  mod.functions.push({ name: '(top level)', arity: 0, isPrivate: true, params: [], body, span: mod.span, head: first });
  for (const call of callsIn(body)) mod.calls.push({ call, fn: mod.functions[0] });
  collectModuleFacts(mod, { sameFile: file.modules });
  return mod;
}
