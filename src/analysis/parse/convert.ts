// Converts tree-sitter nodes into terms (term.ts) with a TreeCursor; calls, do-blocks and clauses are in
// convert-call.ts.
import { callTerm, clauseTerm } from './convert-call';
import { eachChild, type Child } from './cursor';
import type { Language, Node, TreeCursor } from './parser';
import type { Source } from './source';
import type { Attr, Clause, ConvertContext, Lit, LitKind, Other, Span, Term } from './term';

/** Deeper than any real code (~75); past it the converter returns `other` instead of recursing. */
const MAX_DEPTH = 400;

/** Converts with a TreeCursor (see cursor.ts for why not Node methods). */
export class Converter {
  c!: TreeCursor;
  readonly src: Source;
  private language?: Language;

  constructor(readonly ctx: ConvertContext & { source: Source }) {
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

  text(k: { start: number; end: number }): string {
    return this.src.text.slice(k.start, k.end);
  }

  kids(each: (k: Child) => void, withOperators = false): void {
    eachChild(this.c, this.language!, each, withOperators);
  }

  /** Converts the named children of the node under the cursor, spreading the pairs of a `keywords` child when asked. */
  namedTerms(d: number, spreadKeywords: boolean): Term[] {
    const out: Term[] = [];
    this.kids((k) => {
      if (!k.named) return;
      if (spreadKeywords && k.type === 'keywords') this.kids((p) => p.named && out.push(this.here(d, p)));
      else out.push(this.here(d, k));
    });
    return out;
  }

  /** The node under the cursor (described by `at`) as a term; the cursor is back on it afterwards. */
  here(depth: number, at: Child): Term {
    const type = at.type;
    const r = this.src.span(at.start, at.end);
    if (depth > MAX_DEPTH) return { t: 'other', text: '', span: r };
    const d = depth + 1;
    switch (type) {
      case 'identifier': {
        const name = this.text(at);
        if (name === '__MODULE__') return { t: 'alias', name: this.ctx.module, current: true, span: r };
        return { t: 'var', name, span: r };
      }
      case 'alias':
        return { t: 'alias', name: this.ctx.resolve(this.text(at)), span: r };
      case 'atom':
        return { t: 'lit', kind: 'atom', value: this.text(at), span: r };
      case 'quoted_atom':
        return this.quoted('atom', at, r, d);
      case 'integer':
        return { t: 'lit', kind: 'int', value: this.text(at), span: r };
      case 'float':
        return { t: 'lit', kind: 'float', value: this.text(at), span: r };
      case 'string':
      case 'charlist':
        return this.quoted(type, at, r, d);
      case 'sigil':
        return this.quoted('sigil', at, r, d);
      case 'boolean':
        return { t: 'lit', kind: 'bool', value: this.text(at), span: r };
      case 'nil':
        return { t: 'lit', kind: 'nil', value: 'nil', span: r };
      case 'char':
        return { t: 'lit', kind: 'char', value: this.text(at), span: r };
      case 'list':
        return { t: 'list', items: this.namedTerms(d, true), span: r };
      case 'keywords':
        return { t: 'list', items: this.namedTerms(d, false), span: r };
      case 'tuple':
        // `{Registry, keys: :unique}` is a pair whose second element is a keyword list, as in Elixir.
        return { t: 'tuple', items: this.namedTerms(d, false), span: r };
      case 'block':
        return { t: 'block', body: this.namedTerms(d, false), span: r };
      case 'pair':
        return this.pair(r, d);
      case 'map':
        return this.map(r, d);
      case 'call':
        return callTerm(this, r, d);
      case 'access_call': {
        let of: Term | undefined;
        let key: Term | undefined;
        this.kids((k) => {
          if (k.field === 'target') of = this.here(d, k);
          else if (k.field === 'key') key = this.here(d, k);
        });
        return of && key ? { t: 'access', of, key, span: r } : this.other(at, r);
      }
      case 'binary_operator':
        return this.binary(at, r, d);
      case 'unary_operator':
        return this.unary(at, r, d);
      case 'anonymous_function': {
        const clauses: Clause[] = [];
        this.kids((k) => k.type === 'stab_clause' && clauses.push(clauseTerm(this, d)));
        return { t: 'fn', clauses, span: r };
      }
      case 'dot': {
        // A bare `__MODULE__.Sub` used as a value.
        const name = this.moduleNameHere(at);
        return name ? { t: 'alias', name, span: r } : this.other(at, r);
      }
      default:
        return this.other(at, r);
    }
  }

  other(at: { start: number; end: number }, r: Span): Other {
    return { t: 'other', text: this.c.gotoFirstChild() ? (this.c.gotoParent(), '') : this.text(at), span: r };
  }

  private quoted(kind: LitKind, at: { start: number; end: number }, r: Span, d: number): Lit {
    const parts: Term[] = [];
    this.kids((k) => {
      if (k.type === 'interpolation') this.kids((e) => e.named && parts.push(this.here(d, e)));
    });
    return { t: 'lit', kind, value: this.text(at), span: r, ...(parts.length ? { dynamic: true, parts } : {}) };
  }

  /** The module named by the node under the cursor: alias, `__MODULE__`, `__MODULE__.Sub`, an erlang atom. */
  moduleNameHere(at: Child): string | undefined {
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
      if (k.field === 'key') key = k.type === 'keyword' ? { t: 'lit', kind: 'atom', value: `:${this.text(k).replace(/:\s*$/, '')}`, span: this.src.span(k.start, k.end) } : this.here(d, k);
      else if (k.field === 'value') value = this.here(d, k);
    });
    return key && value ? { t: 'pair', key, value, span: r } : { t: 'other', text: '', span: r };
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
    return { t: 'map', struct, update, items, span: r };
  }

  operatorHere(): string {
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
      if (right.t === 'call') return { ...right, args: [left, ...right.args], piped: true, span: r };
      if (right.t === 'var') return { t: 'call', name: right.name, args: [left], piped: true, span: r };
      return { t: 'op', op, left, right, span: r };
    }
    if (op === '=>') return { t: 'pair', key: left, value: right, span: r };
    return { t: 'op', op, left, right, span: r };
  }

  private unary(at: Child, r: Span, d: number): Term {
    let op = '';
    let arg: Term | undefined;
    let attr: Attr | undefined;
    this.kids((k) => {
      if (k.field === 'operator') op = k.type;
      else if (k.field === 'operand' && k.named) {
        if (op === '@' && k.type === 'identifier') attr = { t: 'attr', name: this.text(k), span: r };
        else if (op === '@' && k.type === 'call') {
          let name = '';
          let value: Term | undefined;
          this.kids((x) => {
            if (x.field === 'target') name = this.text(x);
            else if (x.type === 'arguments') this.kids((a) => a.named && value === undefined && (value = this.here(d, a)));
          });
          attr = { t: 'attr', name, value, span: r };
        } else arg = this.here(d, k);
      }
    }, true);
    if (attr) return attr;
    return arg ? { t: 'unary', op, arg, span: r } : this.other(at, r);
  }
}
