// Small reads of the syntax tree and text the module reader needs: alias directives, a block's
// statements, the first parse error, and the text scans: watched names, comments, OTP use, docs.
import type { Node } from '../parse/parser';
import { childOfType } from '../parse/term';
import { LOOPS, SLOW_IO, TEST_WATCHED, WATCHED } from './registry';
export function readAlias(node: Node, aliases: Map<string, string>, aliasOf: (first: string) => string | undefined, current: string): void {
  const args = childOfType(node, 'arguments');
  if (!args) return;
  const [target, opts] = args.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  if (!target) return;
  const full = (t: Node): string | undefined => {
    if (t.type === 'alias') return resolveWith(aliasOf, t.text);
    if (t.type === 'identifier' && t.text === '__MODULE__') return current;
    // `alias :ets, as: Ets`: an Erlang module under an Elixir name (the `as:` below names it).
    if (t.type === 'atom') return t.text;
    if (t.type === 'dot') {
      const l = t.childForFieldName('left');
      const r = t.childForFieldName('right');
      const base = l ? full(l) : undefined;
      return base && r?.type === 'alias' ? `${base}.${r.text}` : undefined;
    }
    return undefined;
  };
  // alias A.{B, C.D}
  if (target.type === 'dot' && target.childForFieldName('right')?.type === 'tuple') {
    const l = target.childForFieldName('left');
    const base = l ? full(l) : undefined;
    if (!base) return;
    for (const a of target.childForFieldName('right')!.namedChildren) {
      if (a?.type === 'alias') aliases.set(a.text.split('.').pop()!, `${base}.${a.text}`);
    }
    return;
  }
  const name = full(target);
  if (!name) return;
  let as = name.split('.').pop()!;
  if (opts?.type === 'keywords') {
    for (const p of opts.namedChildren) {
      if (p?.childForFieldName('key')?.text.startsWith('as:')) as = p.childForFieldName('value')?.text ?? as;
    }
  }
  aliases.set(as, name);
}

/** The Elixir names the module gives Erlang modules, as a pattern for their calls (`Ets.`), or undefined. */
export function erlangAliases(aliases: Map<string, string>): RegExp | undefined {
  const names = [...aliases].filter(([, full]) => full.startsWith(':')).map(([as]) => as);
  return names.length ? new RegExp(`\\b(?:${names.join('|')})\\.[a-z_]`) : undefined;
}

function resolveWith(aliasOf: (first: string) => string | undefined, n: string): string {
  const [first, ...rest] = n.split('.');
  const full = aliasOf(first);
  return full ? [full, ...rest].join('.') : n;
}

/** Named, non-comment children of a block-like node. */
export function statements(node: Node): Node[] {
  // One call across the wasm boundary for all children, instead of one per child.
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}



/**
 * Offsets (in the file) of watched names in a top-level module's text, which starts at `base`. In a test
 * file only ETS matters (OTP006): every other rule skips test modules, and a process module defined in a
 * test is converted whole anyway.
 */
export function hitOffsets(text: string, base: number, isTest: boolean, slowIo = SLOW_IO.test(text)): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(isTest ? TEST_WATCHED : WATCHED)) out.push(base + m.index!);
  if (isTest) return out;
  if (slowIo) for (const m of text.matchAll(LOOPS)) out.push(base + m.index!);
  return out.sort((a, b) => a - b);
}

export function hasHit(sorted: number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] < end;
}

export function firstError(root: Node): { line: number; col: number } {
  let n: Node = root;
  for (;;) {
    if (n.isError || n.isMissing) break;
    let next: Node | undefined;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i);
      if (c && (c.hasError || c.isError || c.isMissing)) {
        next = c;
        break;
      }
    }
    if (!next) break;
    n = next;
  }
  return { line: n.startPosition.row, col: n.startPosition.column };
}

/** The `#` comments of a clause's text (a `#` in a string or `#{` interpolation aside, roughly). */
export function commentsIn(text: string): string {
  if (!text.includes('#')) return '';
  return (text.match(/(?:^|[^\w"'#])#(?!\{)[^\n]*/g) ?? []).join('\n');
}

/** Reading a process's output over time: a stream of its events taken, or several messages awaited in turn. */
const STREAMED = /\bGenStage\.stream\b|\bStream\.take\b|\|>\s*Enum\.take\(/;
export function observesOverTime(text: string): boolean {
  return STREAMED.test(text) || (text.match(/\bassert_receive\b/g)?.length ?? 0) >= 2;
}

/**
 * A module that uses an OTP behaviour (a gen_statem too), or calls Agent functions (checked on its text, before its
 * statements are read): its helpers are converted too, for the summaries rules look through (an Agent's update
 * through `&do_add/2`, a worker answering a call through the module's reply helper).
 */
export const OTP_USE =
  /\buse\s*\(?\s*(?:GenServer|GenStateMachine|Agent|Supervisor|DynamicSupervisor|Application|Task)\b|@behaviour\s*\(?\s*:gen_(?:server|statem)\b|\bAgent\.[a-z]/;

/** Docs and typespecs: large, frequent, and never an OTP fact. */
export const DOC_ATTRIBUTE = /^@(?:doc|moduledoc|typedoc|spec|type|typep|opaque|callback|macrocallback|impl|since|deprecated|dialyzer|compile)\b/;
