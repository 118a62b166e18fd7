// The statements directly in a top-level module's body, kept with its cached facts so that an edit can be
// mapped to the definitions it touched (splice.ts): a definition is read again alone, a statement that holds
// no fact (`@doc`, `@spec`, `require`...) is not read at all, a `use` read again must say what it said, anything
// else (`alias`, a nested module, a module attribute) makes the whole module be read again.
import type { Node } from '../parse/parser';
import { childOfType } from '../parse/term';
import { DOC_ATTRIBUTE } from './module-syntax';
import type { ModuleFacts } from './types';

/** `inert`: holds no fact, not read again (a doc or type attribute, `require`, `plug`, a `schema` block...). */
export type StatementKind = 'def' | 'inert' | 'use' | 'other';

/** Offsets relative to the module's start, so that the list stays right when the whole module moves. */
export interface Statement {
  start: number;
  end: number;
  kind: StatementKind;
}

/** The statements of each nested module's body (offsets relative to its start), recorded when it is read (splice-nested.ts). */
export const NESTED_STATEMENTS = new WeakMap<ModuleFacts, Statement[]>();

/** A fresh list for the statements of a nested module being read (extract.ts). */
export function nestedStatements(mod: ModuleFacts): Statement[] {
  const list: Statement[] = [];
  NESTED_STATEMENTS.set(mod, list);
  return list;
}

const DEFS = new Set(['def', 'defp', 'defmacro', 'defmacrop']);
/** The calls extract.ts reads facts from, directly in the body of a module outside test files. */
const READ = new Set([...DEFS, 'use', 'defmodule', 'alias', 'defdelegate', 'import']);

/**
 * What a statement of a module outside test files can change, from its node type and (for a call) the name it
 * calls: extract.ts reads nothing from the other calls (`require`, `plug`, `schema "users" do ... end`) nor from
 * statements that are neither calls nor attributes.
 */
export function statementKind(type: string, callee: string | undefined, text: string, start: number): StatementKind {
  if (type === 'unary_operator') return DOC_ATTRIBUTE.test(text.slice(start, start + 20)) ? 'inert' : 'other';
  if (type !== 'call') return 'inert';
  if (callee === undefined || !READ.has(callee)) return 'inert';
  return DEFS.has(callee) ? 'def' : callee === 'use' ? 'use' : 'other';
}

/** The statements of the top-level module at `start` (`length` long) in a new tree of the whole file, by range. */
export function statementsOfTree(root: Node, start: number, length: number): (from: number, to: number) => Node[] | undefined {
  return (from, to) => {
    if (root.hasError) return undefined;
    let node: Node | null = root.descendantForIndex(start, start);
    while (node?.parent && node.parent.parent) node = node.parent;
    if (!node || node.type !== 'call' || node.startIndex !== start || node.endIndex !== start + length) return undefined;
    const body = childOfType(node, 'do_block');
    return body ? statementsWithin(body, from, to) : undefined;
  };
}

/**
 * The named statements of a do block that overlap [from, to] (offsets, inclusive), comments left out; undefined
 * when one of them reaches outside that range (the edit joined or split statements beyond it).
 */
function statementsWithin(doBlock: Node, from: number, to: number): Node[] | undefined {
  const out: Node[] = [];
  for (let n = doBlock.firstChildForIndex(from); n && n.startIndex <= to; n = n.nextSibling) {
    if (!n.isNamed || n.type === 'comment' || n.endIndex < from) continue;
    if (n.startIndex < from || n.endIndex > to) return undefined;
    out.push(n);
  }
  return out;
}

/** The start of the line holding `at`, and the end of the line holding `end` (its newline, or the text's end). */
export function lineBounds(text: string, at: number, end: number): { from: number; to: number } {
  const nl = text.indexOf('\n', end);
  return { from: at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1, to: nl === -1 ? text.length : nl };
}
