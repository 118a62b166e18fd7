// The term tree facts and rules read: a small Elixir-like tree converted from tree-sitter nodes
// (convert.ts). Pipes are desugared, `do:` keywords and do-blocks share one shape, aliases are
// resolved, so no fact extractor has to know tree-sitter-elixir's many spellings of the same code.
import type { Node } from './parser';

/** 0-based lines and UTF-16 columns (what LSP and VS Code use); offsets index the source string. */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  start: number;
  end: number;
}

interface Base {
  span: Span;
}
export interface Var extends Base {
  t: 'var';
  name: string;
}
export type LitKind = 'atom' | 'int' | 'float' | 'string' | 'charlist' | 'bool' | 'nil' | 'char' | 'sigil';
export interface Lit extends Base {
  t: 'lit';
  kind: LitKind;
  /** Source text, e.g. `:ok`, `10_000`, `"a"`. */
  value: string;
  /** A string or charlist with interpolation. */
  dynamic?: boolean;
  /** The interpolated expressions. */
  parts?: Term[];
}
export interface Alias extends Base {
  t: 'alias';
  name: string;
  /** Written as `__MODULE__`. */
  current?: boolean;
}
export interface List extends Base {
  t: 'list';
  items: Term[];
}
export interface Tuple extends Base {
  t: 'tuple';
  items: Term[];
}
export interface MapTerm extends Base {
  t: 'map';
  struct?: string;
  /** `%{state | ...}`: the map being updated. */
  update?: Term;
  items: Term[];
}
export interface Pair extends Base {
  t: 'pair';
  key: Term;
  value: Term;
}
export interface Call extends Base {
  t: 'call';
  /** The module of a remote call (`GenServer`, `:ets`), or the function value of `fun.(x)` (then name is '.'). */
  mod?: Term;
  name: string;
  args: Term[];
  block?: DoBlock;
  /** Its first argument came from `|>`. */
  piped?: boolean;
}
export interface Op extends Base {
  t: 'op';
  op: string;
  left: Term;
  right: Term;
}
export interface Unary extends Base {
  t: 'unary';
  op: string;
  arg: Term;
}
export interface Attr extends Base {
  t: 'attr';
  name: string;
  value?: Term;
}
export interface Fn extends Base {
  t: 'fn';
  clauses: Clause[];
}
export interface Field extends Base {
  t: 'field';
  of: Term;
  name: string;
}
export interface Access extends Base {
  t: 'access';
  of: Term;
  key: Term;
}
export interface Block extends Base {
  t: 'block';
  body: Term[];
}
/** Anything the facts never look inside (bitstrings, operators used as values, code too deep to convert). */
export interface Other extends Base {
  t: 'other';
  text: string;
}
export type Term = Var | Lit | Alias | List | Tuple | MapTerm | Pair | Call | Op | Unary | Attr | Fn | Field | Access | Block | Other;

export interface Clause {
  args: Term[];
  guard?: Term;
  body: Term[];
  span: Span;
}
/** A `do`/`else`/`after`/`rescue`/`catch` section holds either plain statements or `->` clauses. */
export interface Section {
  body: Term[];
  clauses: Clause[];
  /** From its keyword (`after`, `rescue`...); unset for `do` and for the `do:`/`else:` keyword forms. */
  span?: Span;
}
export type SectionName = 'do' | 'else' | 'after' | 'rescue' | 'catch';
export type DoBlock = Partial<Record<SectionName, Section>>;

export interface ConvertContext {
  /** Full name of the module being read (for `__MODULE__`). */
  module: string;
  /** Expands an alias as written (`Foo.Bar`) to its full name, following `alias` directives. */
  resolve(name: string): string;
}

export function spanOf(node: Node): Span {
  const s = node.startPosition;
  const e = node.endPosition;
  return { line: s.row, col: s.column, endLine: e.row, endCol: e.column, start: node.startIndex, end: node.endIndex };
}

export function childOfType(node: Node, type: string): Node | undefined {
  for (const c of node.children) if (c && c.type === type) return c;
  return undefined;
}
