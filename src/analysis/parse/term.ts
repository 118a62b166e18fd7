// Converts tree-sitter nodes into a small Elixir-like term tree that facts and rules read.
// Pipes are desugared, `do:` keywords and do-blocks share one shape, aliases are resolved, so
// no fact extractor has to know tree-sitter-elixir's many spellings of the same code.
import { eachChild, type Child } from './cursor';
import type { Language, Node, TreeCursor } from './parser';

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

const SECTIONS: readonly SectionName[] = ['do', 'else', 'after', 'rescue', 'catch'];
const SECTION_OF: Record<string, SectionName> = {
  after_block: 'after',
  else_block: 'else',
  rescue_block: 'rescue',
  catch_block: 'catch',
};

/** The source of one file, with the offsets where its lines start (positions come from offsets). */
export class Source {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** Lines of text, the last one counted only when it holds something. */
  get lineCount(): number {
    return this.lineStarts.length - (this.lineStarts[this.lineStarts.length - 1] === this.text.length ? 1 : 0);
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  span(start: number, end: number): Span {
    const line = this.lineOf(start);
    const endLine = end === start ? line : this.lineOf(end);
    return { line, col: start - this.lineStarts[line], endLine, endCol: end - this.lineStarts[endLine], start, end };
  }
}


/** Converts with a TreeCursor (see cursor.ts for why not Node methods). */
export class Converter {
  private c!: TreeCursor;
  private readonly src: Source;
  private language?: Language;

  constructor(private readonly ctx: ConvertContext & { source: Source }) {
    this.src = ctx.source;
  }

  resolve(alias: string): string {
    return this.ctx.resolve(alias);
  }

  term(node: Node): Term {
    const cursor = node.walk();
    try {
      this.language ??= node.tree.language;
      return this.termAt(cursor, { type: node.type, start: node.startIndex, end: node.endIndex });
    } finally {
      cursor.delete();
    }
  }

  /** Converts the node under a cursor the caller is walking with (left where it was). */
  termAt(cursor: TreeCursor, at: { type: string; start: number; end: number }, language?: Language): Term {
    const outer = this.c;
    this.c = cursor;
    this.language ??= language;
    try {
      return this.here(0, { ...at, field: null, named: true });
    } finally {
      this.c = outer;
    }
  }

  private text(k: { start: number; end: number }): string {
    return this.src.text.slice(k.start, k.end);
  }

  private kids(each: (k: Child) => void, withOperators = false): void {
    eachChild(this.c, this.language!, each, withOperators);
  }

  /** Converts the named children of the node under the cursor, spreading the pairs of a `keywords` child when asked. */
  private namedTerms(d: number, spreadKeywords: boolean): Term[] {
    const out: Term[] = [];
    this.kids((k) => {
      if (!k.named) return;
      if (spreadKeywords && k.type === 'keywords') this.kids((p) => p.named && out.push(this.here(d, p)));
      else out.push(this.here(d, k));
    });
    return out;
  }

  /** The node under the cursor (described by `at`) as a term; the cursor is back on it afterwards. */
  private here(depth: number, at: Child): Term {
    const type = at.type;
    const r = this.src.span(at.start, at.end);
    if (depth > MAX_DEPTH) return { t: 'other', text: '', r };
    const d = depth + 1;
    switch (type) {
      case 'identifier': {
        const name = this.text(at);
        if (name === '__MODULE__') return { t: 'alias', name: this.ctx.module, current: true, r };
        return { t: 'var', name, r };
      }
      case 'alias':
        return { t: 'alias', name: this.ctx.resolve(this.text(at)), r };
      case 'atom':
        return { t: 'lit', kind: 'atom', value: this.text(at), r };
      case 'quoted_atom':
        return this.quoted('atom', at, r, d);
      case 'integer':
        return { t: 'lit', kind: 'int', value: this.text(at), r };
      case 'float':
        return { t: 'lit', kind: 'float', value: this.text(at), r };
      case 'string':
      case 'charlist':
        return this.quoted(type, at, r, d);
      case 'sigil':
        return this.quoted('sigil', at, r, d);
      case 'boolean':
        return { t: 'lit', kind: 'bool', value: this.text(at), r };
      case 'nil':
        return { t: 'lit', kind: 'nil', value: 'nil', r };
      case 'char':
        return { t: 'lit', kind: 'char', value: this.text(at), r };
      case 'list':
        return { t: 'list', items: this.namedTerms(d, true), r };
      case 'keywords':
        return { t: 'list', items: this.namedTerms(d, false), r };
      case 'tuple':
        // `{Registry, keys: :unique}` is a pair whose second element is a keyword list, as in Elixir.
        return { t: 'tuple', items: this.namedTerms(d, false), r };
      case 'block':
        return { t: 'block', body: this.namedTerms(d, false), r };
      case 'pair':
        return this.pair(r, d);
      case 'map':
        return this.map(r, d);
      case 'call':
        return this.call(r, d);
      case 'access_call': {
        let of: Term | undefined;
        let key: Term | undefined;
        this.kids((k) => {
          if (k.field === 'target') of = this.here(d, k);
          else if (k.field === 'key') key = this.here(d, k);
        });
        return of && key ? { t: 'access', of, key, r } : this.other(at, r);
      }
      case 'binary_operator':
        return this.binary(at, r, d);
      case 'unary_operator':
        return this.unary(at, r, d);
      case 'anonymous_function': {
        const clauses: Clause[] = [];
        this.kids((k) => k.type === 'stab_clause' && clauses.push(this.clause(d)));
        return { t: 'fn', clauses, r };
      }
      case 'dot': {
        // A bare `__MODULE__.Sub` used as a value.
        const name = this.moduleNameHere(at);
        return name ? { t: 'alias', name, r } : this.other(at, r);
      }
      default:
        return this.other(at, r);
    }
  }

  private other(at: { start: number; end: number }, r: Span): Other {
    return { t: 'other', text: this.c.gotoFirstChild() ? (this.c.gotoParent(), '') : this.text(at), r };
  }

  private quoted(kind: LitKind, at: { start: number; end: number }, r: Span, d: number): Lit {
    const parts: Term[] = [];
    this.kids((k) => {
      if (k.type === 'interpolation') this.kids((e) => e.named && parts.push(this.here(d, e)));
    });
    return { t: 'lit', kind, value: this.text(at), r, ...(parts.length ? { dynamic: true, parts } : {}) };
  }

  /** The module named by the node under the cursor: alias, `__MODULE__`, `__MODULE__.Sub`, an erlang atom. */
  private moduleNameHere(at: Child): string | undefined {
    switch (at.type) {
      case 'alias':
        return this.ctx.resolve(this.text(at));
      case 'atom':
        return this.text(at);
      case 'identifier':
        return this.text(at) === '__MODULE__' ? this.ctx.module : undefined;
      case 'dot': {
        let base: string | undefined;
        let right: Child | undefined;
        this.kids((k) => {
          if (k.field === 'left') base = this.moduleNameHere(k);
          else if (k.field === 'right') right = k;
        });
        return base && right?.type === 'alias' ? `${base}.${this.text(right)}` : undefined;
      }
      default:
        return undefined;
    }
  }

  private pair(r: Span, d: number): Term {
    let key: Term | undefined;
    let value: Term | undefined;
    this.kids((k) => {
      // `name: x` → key `:name`, so keyword keys compare equal to atoms.
      if (k.field === 'key') key = k.type === 'keyword' ? { t: 'lit', kind: 'atom', value: `:${this.text(k).replace(/:\s*$/, '')}`, r: this.src.span(k.start, k.end) } : this.here(d, k);
      else if (k.field === 'value') value = this.here(d, k);
    });
    return key && value ? { t: 'pair', key, value, r } : { t: 'other', text: '', r };
  }

  private map(r: Span, d: number): Term {
    let struct: string | undefined;
    let update: Term | undefined;
    const items: Term[] = [];
    this.kids((k) => {
      if (k.type === 'struct') {
        this.kids((s) => {
          if (s.named && struct === undefined) struct = this.moduleNameHere(s) ?? this.text(s);
        });
      } else if (k.type === 'map_content') {
        this.kids((m) => {
          if (!m.named) return;
          if (m.type === 'binary_operator' && this.operatorHere() === '|') {
            this.kids((side) => {
              if (side.field === 'left') update = this.here(d, side);
              else if (side.field === 'right') {
                if (side.type === 'keywords') this.kids((p) => p.named && items.push(this.here(d, p)));
                else items.push(this.here(d, side));
              }
            });
          } else if (m.type === 'keywords') this.kids((p) => p.named && items.push(this.here(d, p)));
          else items.push(this.here(d, m));
        });
      }
    });
    return { t: 'map', struct, update, items, r };
  }

  private operatorHere(): string {
    let op = '';
    this.kids((k) => {
      if (k.field === 'operator') op = k.type;
    }, true);
    return op;
  }

  private binary(at: Child, r: Span, d: number): Term {
    let op = '';
    let left: Term | undefined;
    let right: Term | undefined;
    this.kids((k) => {
      if (k.field === 'operator') op = k.type;
      else if (k.field === 'left') left = this.here(d, k);
      else if (k.field === 'right') right = this.here(d, k);
    }, true);
    if (!left || !right) return this.other(at, r);
    if (op === '|>') {
      if (right.t === 'call') return { ...right, args: [left, ...right.args], piped: true, r };
      if (right.t === 'var') return { t: 'call', name: right.name, args: [left], piped: true, r };
      return { t: 'op', op, left, right, r };
    }
    if (op === '=>') return { t: 'pair', key: left, value: right, r };
    return { t: 'op', op, left, right, r };
  }

  private unary(at: Child, r: Span, d: number): Term {
    let op = '';
    let arg: Term | undefined;
    let attr: Attr | undefined;
    this.kids((k) => {
      if (k.field === 'operator') op = k.type;
      else if (k.field === 'operand' && k.named) {
        if (op === '@' && k.type === 'identifier') attr = { t: 'attr', name: this.text(k), r };
        else if (op === '@' && k.type === 'call') {
          let name = '';
          let value: Term | undefined;
          this.kids((x) => {
            if (x.field === 'target') name = this.text(x);
            else if (x.type === 'arguments') this.kids((a) => a.named && value === undefined && (value = this.here(d, a)));
          });
          attr = { t: 'attr', name, value, r };
        } else arg = this.here(d, k);
      }
    }, true);
    if (attr) return attr;
    return arg ? { t: 'unary', op, arg, r } : this.other(at, r);
  }

  private call(r: Span, d: number): Term {
    let name: string | undefined;
    let mod: Term | undefined;
    let field: Term | undefined;
    let hasArgs = false;
    let anonymous = false;
    const args: Term[] = [];
    let block: DoBlock | undefined;
    this.kids((k) => {
      if (k.field === 'target') {
        if (k.type === 'identifier') name = this.text(k);
        else if (k.type === 'dot') {
          let leftTerm: Term | undefined;
          let leftModule: string | undefined;
          let leftSpan: Span | undefined;
          let leftIsIdentifier = false;
          let right: Child | undefined;
          this.kids((x) => {
            if (x.field === 'left') {
              leftSpan = this.src.span(x.start, x.end);
              leftIsIdentifier = x.type === 'identifier';
              leftModule = this.moduleNameHere(x);
              if (!leftModule) leftTerm = this.here(d, x);
            } else if (x.field === 'right') right = x;
          });
          if (!right) {
            anonymous = true;
            mod = leftTerm ?? (leftModule ? { t: 'alias', name: leftModule, r: leftSpan! } : undefined);
          } else if (leftModule) {
            mod = { t: 'alias', name: leftModule, r: leftSpan!, current: leftIsIdentifier || undefined };
            name = this.text(right);
          } else if (leftTerm) {
            mod = leftTerm;
            name = this.text(right);
            field = leftTerm;
          }
        }
      } else if (k.type === 'arguments') {
        hasArgs = true;
        // Trailing keywords are one argument, a keyword list, as in Elixir: `f(a, b: 1)` has two arguments.
        this.kids((a) => a.named && args.push(this.here(d, a)));
      } else if (k.type === 'do_block') block = this.doBlock(d);
    });
    if (anonymous) return mod ? { t: 'call', mod, name: '.', args, block, r } : { t: 'other', text: '', r };
    if (name === undefined) return { t: 'other', text: '', r };
    // `state.count`: field access on a value, unless it has an argument list (`mod.fun()`).
    if (field && !hasArgs) return { t: 'field', of: field, name, r };
    // `if x, do: a, else: b` and `def f, do: a`: a trailing keyword list with a `do` key is a block.
    const last = args[args.length - 1];
    if (!block && last?.t === 'list' && last.items.some((i) => i.t === 'pair' && i.key.t === 'lit' && i.key.value === ':do')) {
      block = {};
      for (const item of last.items) {
        if (item.t !== 'pair' || item.key.t !== 'lit') continue;
        const key = item.key.value.slice(1);
        if (SECTIONS.includes(key as SectionName)) block[key as SectionName] = { body: [item.value], clauses: [] };
      }
      args.pop();
    }
    return { t: 'call', ...(mod ? { mod } : {}), name, args, block, r };
  }

  private doBlock(d: number): DoBlock {
    const block: DoBlock = { do: { body: [], clauses: [] } };
    this.kids((k) => {
      if (!k.named) return;
      const name = SECTION_OF[k.type];
      if (name) {
        const s: Section = { body: [], clauses: [], r: this.src.span(k.start, k.end) };
        this.kids((x) => x.named && this.addToSection(s, x, d));
        block[name] = s;
      } else this.addToSection(block.do!, k, d);
    });
    return block;
  }

  private addToSection(s: Section, k: Child, d: number): void {
    if (k.type === 'stab_clause') s.clauses.push(this.clause(d));
    else s.body.push(this.here(d, k));
  }

  /** The `stab_clause` under the cursor. */
  private clause(d: number): Clause {
    const r = this.src.span(this.c.startIndex, this.c.endIndex);
    let args: Term[] = [];
    let guard: Term | undefined;
    let body: Term[] = [];
    this.kids((k) => {
      if (k.field === 'left') {
        if (k.type === 'binary_operator' && this.operatorHere() === 'when') {
          this.kids((w) => {
            if (w.field === 'left') args = w.type === 'arguments' ? this.namedTerms(d, true) : [this.here(d, w)];
            else if (w.field === 'right') guard = this.here(d, w);
          });
        } else args = k.type === 'arguments' ? this.namedTerms(d, true) : [this.here(d, k)];
      } else if (k.field === 'right') body = k.type === 'body' ? this.namedTerms(d, false) : [this.here(d, k)];
    });
    return { args, guard, body, r };
  }
}


export function childOfType(node: Node, type: string): Node | undefined {
  for (const c of node.children) if (c && c.type === type) return c;
  return undefined;
}
