// Converts tree-sitter nodes into a small Elixir-like term tree that facts and rules read.
// Pipes are desugared, `do:` keywords and do-blocks share one shape, aliases are resolved, so
// no fact extractor has to know tree-sitter-elixir's many spellings of the same code.
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
  r: Span;
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
  r: Span;
}
/** A `do`/`else`/`after`/`rescue`/`catch` section holds either plain statements or `->` clauses. */
export interface Section {
  body: Term[];
  clauses: Clause[];
  /** From its keyword (`after`, `rescue`...); unset for `do` and for the `do:`/`else:` keyword forms. */
  r?: Span;
}
export type SectionName = 'do' | 'else' | 'after' | 'rescue' | 'catch';
export type DoBlock = Partial<Record<SectionName, Section>>;

export interface ConvertContext {
  /** Full name of the module being read (for `__MODULE__`). */
  module: string;
  /** Expands an alias as written (`Foo.Bar`) to its full name, following `alias` directives. */
  resolve(name: string): string;
}

/** Deeper than any real code (~75); past it the converter returns `other` instead of recursing. */
const MAX_DEPTH = 400;

export function spanOf(node: Node): Span {
  const s = node.startPosition;
  const e = node.endPosition;
  return { line: s.row, col: s.column, endLine: e.row, endCol: e.column, start: node.startIndex, end: node.endIndex };
}

function namedChildren(node: Node): Node[] {
  // One call across the wasm boundary for all children, instead of one per child.
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

const SECTIONS: readonly SectionName[] = ['do', 'else', 'after', 'rescue', 'catch'];
const SECTION_OF: Record<string, SectionName> = {
  after_block: 'after',
  else_block: 'else',
  rescue_block: 'rescue',
  catch_block: 'catch',
};

export class Converter {
  constructor(private readonly ctx: ConvertContext) {}

  resolve(alias: string): string {
    return this.ctx.resolve(alias);
  }

  term(node: Node, depth = 0): Term {
    const r = spanOf(node);
    if (depth > MAX_DEPTH) return { t: 'other', text: '', r };
    const d = depth + 1;
    switch (node.type) {
      case 'identifier': {
        const name = node.text;
        if (name === '__MODULE__') return { t: 'alias', name: this.ctx.module, current: true, r };
        return { t: 'var', name, r };
      }
      case 'alias':
        return { t: 'alias', name: this.ctx.resolve(node.text), r };
      case 'atom':
      case 'quoted_atom':
        return { t: 'lit', kind: 'atom', value: node.text, r, dynamic: hasChild(node, 'interpolation') || undefined };
      case 'integer':
        return { t: 'lit', kind: 'int', value: node.text, r };
      case 'float':
        return { t: 'lit', kind: 'float', value: node.text, r };
      case 'string':
      case 'charlist':
        return this.quoted(node, node.type, d);
      case 'boolean':
        return { t: 'lit', kind: 'bool', value: node.text, r };
      case 'nil':
        return { t: 'lit', kind: 'nil', value: 'nil', r };
      case 'char':
        return { t: 'lit', kind: 'char', value: node.text, r };
      case 'sigil':
        return this.quoted(node, 'sigil', d);
      case 'list':
        return { t: 'list', items: this.items(node, d), r };
      case 'tuple':
        // `{Registry, keys: :unique}` is a pair whose second element is a keyword list, as in Elixir.
        return { t: 'tuple', items: namedChildren(node).map((c) => this.term(c, d)), r };
      case 'keywords':
        return { t: 'list', items: this.items(node, d), r };
      case 'pair':
        return this.pair(node, d);
      case 'map':
        return this.map(node, d);
      case 'block':
        return { t: 'block', body: namedChildren(node).map((c) => this.term(c, d)), r };
      case 'call':
        return this.call(node, d);
      case 'access_call': {
        const target = node.childForFieldName('target');
        const key = node.childForFieldName('key');
        if (!target || !key) return other(node);
        return { t: 'access', of: this.term(target, d), key: this.term(key, d), r };
      }
      case 'binary_operator':
        return this.binary(node, d);
      case 'unary_operator':
        return this.unary(node, d);
      case 'anonymous_function':
        return { t: 'fn', clauses: namedChildren(node).filter((c) => c.type === 'stab_clause').map((c) => this.clause(c, d)), r };
      case 'dot': {
        // A bare `Foo.Bar`-like dot outside a call: `__MODULE__.Sub` as a value.
        const name = this.moduleName(node);
        return name ? { t: 'alias', name, r } : other(node);
      }
      default:
        return other(node);
    }
  }

  /** The module named by an alias, `__MODULE__`, `__MODULE__.Sub` or an erlang atom (`:ets`). */
  moduleName(node: Node): string | undefined {
    switch (node.type) {
      case 'alias':
        return this.ctx.resolve(node.text);
      case 'atom':
        return node.text;
      case 'identifier':
        return node.text === '__MODULE__' ? this.ctx.module : undefined;
      case 'dot': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right || right.type !== 'alias') return undefined;
        const base = this.moduleName(left);
        return base ? `${base}.${right.text}` : undefined;
      }
      default:
        return undefined;
    }
  }

  private quoted(node: Node, kind: 'string' | 'charlist' | 'sigil', d: number): Lit {
    const parts: Term[] = [];
    for (const c of namedChildren(node)) {
      if (c.type !== 'interpolation') continue;
      for (const e of namedChildren(c)) parts.push(this.term(e, d));
    }
    return { t: 'lit', kind, value: node.text, r: spanOf(node), ...(parts.length ? { dynamic: true, parts } : {}) };
  }

  private items(node: Node, d: number): Term[] {
    const out: Term[] = [];
    for (const c of namedChildren(node)) {
      if (c.type === 'keywords') out.push(...namedChildren(c).map((p) => this.term(p, d)));
      else out.push(this.term(c, d));
    }
    return out;
  }

  private pair(node: Node, d: number): Term {
    const key = node.childForFieldName('key');
    const value = node.childForFieldName('value');
    if (!key || !value) return other(node);
    // `name: x` → key `:name`, so keyword keys compare equal to atoms.
    const keyText = key.type === 'keyword' ? `:${key.text.replace(/:\s*$/, '')}` : key.text;
    return {
      t: 'pair',
      key: { t: 'lit', kind: 'atom', value: keyText, r: spanOf(key) },
      value: this.term(value, d),
      r: spanOf(node),
    };
  }

  private map(node: Node, d: number): Term {
    const r = spanOf(node);
    let struct: string | undefined;
    let update: Term | undefined;
    const items: Term[] = [];
    for (const c of namedChildren(node)) {
      if (c.type === 'struct') {
        const s = namedChildren(c)[0];
        struct = s ? this.moduleName(s) ?? s.text : undefined;
      } else if (c.type === 'map_content') {
        for (const m of namedChildren(c)) {
          if (m.type === 'binary_operator' && operatorOf(m) === '|') {
            const left = m.childForFieldName('left');
            const right = m.childForFieldName('right');
            if (left) update = this.term(left, d);
            if (right) items.push(...(right.type === 'keywords' ? this.items(right, d) : [this.term(right, d)]));
          } else if (m.type === 'keywords') items.push(...this.items(m, d));
          else items.push(this.term(m, d));
        }
      }
    }
    return { t: 'map', struct, update, items, r };
  }

  private binary(node: Node, d: number): Term {
    const r = spanOf(node);
    const op = operatorOf(node);
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return other(node);
    if (op === '|>') {
      const arg = this.term(left, d);
      const target = this.term(right, d);
      if (target.t === 'call') return { ...target, args: [arg, ...target.args], piped: true, r };
      if (target.t === 'var') return { t: 'call', name: target.name, args: [arg], piped: true, r };
      return { t: 'op', op, left: arg, right: target, r };
    }
    if (op === '=>') return { t: 'pair', key: this.term(left, d), value: this.term(right, d), r };
    return { t: 'op', op, left: this.term(left, d), right: this.term(right, d), r };
  }

  private unary(node: Node, d: number): Term {
    const r = spanOf(node);
    const op = operatorOf(node);
    const operand = node.childForFieldName('operand');
    if (!operand) return other(node);
    if (op === '@') {
      if (operand.type === 'identifier') return { t: 'attr', name: operand.text, r };
      if (operand.type === 'call') {
        const target = operand.childForFieldName('target');
        const args = childOfType(operand, 'arguments');
        const first = args ? namedChildren(args)[0] : undefined;
        return { t: 'attr', name: target?.text ?? '', value: first ? this.term(first, d) : undefined, r };
      }
    }
    return { t: 'unary', op, arg: this.term(operand, d), r };
  }

  private call(node: Node, d: number): Term {
    const r = spanOf(node);
    const target = node.childForFieldName('target');
    if (!target) return other(node);
    const argsNode = childOfType(node, 'arguments');
    // Trailing keywords are one argument, a keyword list, as in Elixir: `f(a, b: 1)` has two arguments.
    const args = argsNode ? namedChildren(argsNode).map((c) => this.term(c, d)) : [];
    const blockNode = childOfType(node, 'do_block');
    let block = blockNode ? this.doBlock(blockNode, d) : undefined;
    // `if x, do: a, else: b` and `def f, do: a`: a trailing keyword list with a `do` key is a block.
    const last = args[args.length - 1];
    if (!block && last?.t === 'list' && argsNode && hasDoKeyword(argsNode)) {
      block = {};
      for (const item of last.items) {
        if (item.t !== 'pair' || item.key.t !== 'lit') continue;
        const key = item.key.value.slice(1);
        if (SECTIONS.includes(key as SectionName)) block[key as SectionName] = { body: [item.value], clauses: [] };
      }
      args.pop();
    }

    if (target.type === 'identifier') return { t: 'call', name: target.text, args, block, r };
    if (target.type === 'dot') {
      const left = target.childForFieldName('left');
      const right = target.childForFieldName('right');
      if (!left) return other(node);
      if (!right) return { t: 'call', mod: this.term(left, d), name: '.', args, block, r };
      const mod = this.moduleName(left);
      if (mod) return { t: 'call', mod: { t: 'alias', name: mod, r: spanOf(left), current: left.type === 'identifier' || undefined }, name: right.text, args, block, r };
      // `state.count`: field access on a value, unless it has an argument list (`mod.fun()`).
      if (!argsNode) return { t: 'field', of: this.term(left, d), name: right.text, r };
      return { t: 'call', mod: this.term(left, d), name: right.text, args, block, r };
    }
    return other(node);
  }

  private doBlock(node: Node, d: number): DoBlock {
    const block: DoBlock = { do: { body: [], clauses: [] } };
    for (const c of namedChildren(node)) {
      const name = SECTION_OF[c.type];
      if (name) block[name] = this.section(c, d);
      else this.addToSection(block.do!, c, d);
    }
    return block;
  }

  private section(node: Node, d: number): Section {
    const s: Section = { body: [], clauses: [], r: spanOf(node) };
    for (const c of namedChildren(node)) this.addToSection(s, c, d);
    return s;
  }

  private addToSection(s: Section, c: Node, d: number): void {
    if (c.type === 'stab_clause') s.clauses.push(this.clause(c, d));
    else s.body.push(this.term(c, d));
  }

  clause(node: Node, d: number): Clause {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    let args: Term[] = [];
    let guard: Term | undefined;
    if (left) {
      if (left.type === 'binary_operator' && operatorOf(left) === 'when') {
        const l = left.childForFieldName('left');
        const g = left.childForFieldName('right');
        if (l) args = l.type === 'arguments' ? this.items(l, d) : [this.term(l, d)];
        if (g) guard = this.term(g, d);
      } else args = left.type === 'arguments' ? this.items(left, d) : [this.term(left, d)];
    }
    const body = right ? (right.type === 'body' ? namedChildren(right).map((c) => this.term(c, d)) : [this.term(right, d)]) : [];
    return { args, guard, body, r: spanOf(node) };
  }
}

function other(node: Node): Other {
  return { t: 'other', text: node.childCount === 0 ? node.text : '', r: spanOf(node) };
}

export function operatorOf(node: Node): string {
  const op = node.childForFieldName('operator');
  return op ? op.type : '';
}

export function childOfType(node: Node, type: string): Node | undefined {
  for (const c of node.children) if (c && c.type === type) return c;
  return undefined;
}

function hasChild(node: Node, type: string): boolean {
  return childOfType(node, type) !== undefined;
}

function hasDoKeyword(args: Node): boolean {
  const kw = childOfType(args, 'keywords');
  if (!kw) return false;
  for (const p of namedChildren(kw)) {
    const key = p.childForFieldName('key');
    if (key && /^do:\s*$/.test(key.text)) return true;
  }
  return false;
}
