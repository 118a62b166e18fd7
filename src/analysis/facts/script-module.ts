// A module's facts before any is read, and a script's top-level code (what runs when it is loaded) read
// as a module of its own.
import type { Node } from '../parse/parser';
import { Converter } from '../parse/convert';
import { Source } from '../parse/source';
import { spanOf, type Span } from '../parse/term';
import { collectModuleFacts } from './registry';
import type { FileFacts, ModuleFacts } from './types';
import { callsIn } from '../parse/term-queries';
import { hitOffsets, hasHit } from './module-syntax';
/** A module with no facts yet. */
export function newModule(name: string, file: FileFacts, r: Span, nameR: Span, aliases = new Map<string, string>()): ModuleFacts {
  return {
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
export function readScript(root: Node, file: FileFacts, source: Source, moduleGuards: ReadonlySet<number> = new Set()): ModuleFacts | undefined {
  // `moduleGuards`: where a top-level `if`/`unless` starts that defines modules, which are read as modules.
  const statements = root.namedChildren.filter(
    (n): n is Node => n !== null && n.type !== 'comment' && !moduleGuards.has(n.startIndex) && !NOT_SCRIPT.test(source.text.slice(n.startIndex, n.startIndex + 40)),
  );
  if (!statements.some((n) => hasHit(hitOffsets(source.text.slice(n.startIndex, n.endIndex), n.startIndex, file.isTest), n.startIndex, n.endIndex))) return undefined;
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
