// Calls as terms: local, remote and anonymous calls, field access, and the do-blocks and `do:` keywords
// (with their sections and clauses) that calls carry.
import type { Converter } from './convert';
import type { Child } from './cursor';
import type { Clause, DoBlock, Section, SectionName, Span, Term } from './term';

const SECTIONS: readonly SectionName[] = ['do', 'else', 'after', 'rescue', 'catch'];
const SECTION_OF: Record<string, SectionName> = {
  after_block: 'after',
  else_block: 'else',
  rescue_block: 'rescue',
  catch_block: 'catch',
};

export function callTerm(cv: Converter, r: Span, d: number): Term {
  let name: string | undefined;
  let mod: Term | undefined;
  let field: Term | undefined;
  let hasArgs = false;
  let anonymous = false;
  const args: Term[] = [];
  let block: DoBlock | undefined;
  cv.kids((k) => {
    if (k.field === 'target') {
      if (k.type === 'identifier') name = cv.text(k);
      else if (k.type === 'dot') {
        let leftTerm: Term | undefined;
        let leftModule: string | undefined;
        let leftSpan: Span | undefined;
        let leftIsIdentifier = false;
        let right: Child | undefined;
        cv.kids((x) => {
          if (x.field === 'left') {
            leftSpan = cv.src.span(x.start, x.end);
            leftIsIdentifier = x.type === 'identifier';
            leftModule = cv.moduleNameHere(x);
            if (!leftModule) leftTerm = cv.here(d, x);
          } else if (x.field === 'right') right = x;
        });
        if (!right) {
          anonymous = true;
          mod = leftTerm ?? (leftModule ? { t: 'alias', name: leftModule, span: leftSpan! } : undefined);
        } else if (leftModule) {
          mod = { t: 'alias', name: leftModule, span: leftSpan!, current: leftIsIdentifier || undefined };
          name = cv.text(right);
        } else if (leftTerm) {
          mod = leftTerm;
          name = cv.text(right);
          field = leftTerm;
        }
      }
    } else if (k.type === 'arguments') {
      hasArgs = true;
      // Trailing keywords are one argument, a keyword list, as in Elixir: `f(a, b: 1)` has two arguments.
      cv.kids((a) => a.named && args.push(cv.here(d, a)));
    } else if (k.type === 'do_block') block = doBlock(cv, d);
  });
  if (anonymous) return mod ? { t: 'call', mod, name: '.', args, block, span: r } : { t: 'other', text: '', span: r };
  if (name === undefined) return { t: 'other', text: '', span: r };
  // `state.count`: field access on a value, unless it has an argument list (`mod.fun()`).
  if (field && !hasArgs) return { t: 'field', of: field, name, span: r };
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
  return { t: 'call', ...(mod ? { mod } : {}), name, args, block, span: r };
}

function doBlock(cv: Converter, d: number): DoBlock {
  const block: DoBlock = { do: { body: [], clauses: [] } };
  cv.kids((k) => {
    if (!k.named) return;
    const name = SECTION_OF[k.type];
    if (name) {
      const s: Section = { body: [], clauses: [], span: cv.src.span(k.start, k.end) };
      cv.kids((x) => x.named && addToSection(cv, s, x, d));
      block[name] = s;
    } else addToSection(cv, block.do!, k, d);
  });
  return block;
}

function addToSection(cv: Converter, s: Section, k: Child, d: number): void {
  if (k.type === 'stab_clause') s.clauses.push(clauseTerm(cv, d));
  else s.body.push(cv.here(d, k));
}

/** The `stab_clause` under the cursor. */
export function clauseTerm(cv: Converter, d: number): Clause {
  const r = cv.src.span(cv.c.startIndex, cv.c.endIndex);
  let args: Term[] = [];
  let guard: Term | undefined;
  let body: Term[] = [];
  cv.kids((k) => {
    if (k.field === 'left') {
      if (k.type === 'binary_operator' && cv.operatorHere() === 'when') {
        cv.kids((w) => {
          if (w.field === 'left') args = w.type === 'arguments' ? cv.namedTerms(d, true) : [cv.here(d, w)];
          else if (w.field === 'right') guard = cv.here(d, w);
        });
      } else args = k.type === 'arguments' ? cv.namedTerms(d, true) : [cv.here(d, k)];
    } else if (k.field === 'right') body = k.type === 'body' ? cv.namedTerms(d, false) : [cv.here(d, k)];
  });
  return { args, guard, body, span: r };
}
