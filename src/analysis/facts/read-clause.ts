// Function clauses as FunctionClause: converted in full when their text holds a watched name (hot), else
// read from the tree for what the summaries need without converting (cold).
import type { Language, Node, TreeCursor } from '../parse/parser';
import { gotoNamedChild, isNamedType, type Child } from '../parse/cursor';
import { Converter } from '../parse/convert';
import { Source } from '../parse/source';
import { childOfType, type Term } from '../parse/term';
import type { FunctionClause } from './types';
import { statements } from './module-syntax';
/**
 * Names of effects a clause that is not converted can still have (IO, files, logs, the clock, a database,
 * other processes): a cold clause whose text has none is summarised as pure without converting it (a
 * GenServer delegating to a pure functional-core module). Calls to unknown modules are trusted: a heuristic.
 */
const EFFECTS = /\b(?:IO|File|Logger|Process|System|Port|Code|Application|Node|DateTime|NaiveDateTime|Time|Req|HTTPoison|Finch|Tesla|Phoenix\.PubSub|PubSub|Ecto\.Multi|Repo|\w+\.Repo)\.|:(?:ets|dets|persistent_term|os|file|rand|crypto|io|httpc|erlang)\.|\b(?:send|receive|raise|throw|exit|spawn\w*|apply)\b/;

/** Calls that only read the program's inputs (summaries.ts: READS), removed before looking for other effects. */
const READ_CALLS = /\b(?:File\.(?:read!?|stream!|exists\?|ls!?)|Path\.\w+|Application\.(?:get_env|fetch_env!?|app_dir))(?=\()|:code\.priv_dir(?=\()/g;

/** A converted `def` clause: parameters, guard and body. */
export function readHotClause(whole: Term, isPrivate: boolean): FunctionClause | undefined {
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
    if (s) body.push({ t: 'block', body: [...s.body, ...s.clauses.flatMap((c) => c.body)], span: whole.span });
  }
  // `def loop(acc \\ [])` also defines `loop/0`, which runs it with the default filled in.
  const defaults = params.filter((p) => p.t === 'op' && p.op === '\\\\').length;
  return { name: h.name, arity: params.length, isPrivate, params, guard, body, span: whole.span, head: h.span, ...(defaults ? { defaults } : {}) };
}

/**
 * A `def` clause not worth converting (most of a project): name and arity read by moving the cursor, which
 * is on the `def` and is left there; only a public clause's first parameter is converted (OTP101 reads it).
 */
export function readColdClause(c: TreeCursor, def: Child, isPrivate: boolean, conv: Converter, language: Language, source: Source): FunctionClause | undefined {
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
    const text = source.text.slice(def.start, def.end);
    if (clause && !EFFECTS.test(text)) clause.quiet = true;
    else if (clause && !EFFECTS.test(text.replace(READ_CALLS, ''))) clause.readsOnly = true;
    for (let i = 0; i < depth; i++) c.gotoParent();
  }
  c.gotoParent();
  return clause;
}

/** The head under the cursor (`name` or `name(args)`), which is left where it was. */
function readColdHead(c: TreeCursor, type: string, def: Child, isPrivate: boolean, conv: Converter, language: Language, source: Source): FunctionClause | undefined {
  const head = source.span(c.startIndex, c.endIndex);
  const r = source.span(def.start, def.end);
  if (type === 'identifier') return { name: source.text.slice(head.start, head.end), arity: 0, isPrivate, params: [], span: r, head };
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
  return { name, arity, isPrivate, params, span: r, head };
}

/** The last statement of a def's `do` (block or `do:` keyword), found without converting the rest. */
export function lastStatement(def: Node): Node | undefined {
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
