// Function-level re-reading inside a module nested in a top-level one (a file of `defmodule`s inside a
// `defmodule`, such as a client library's hundreds of model modules): the definitions the edit touched are read
// again in the module around it, as splice.ts does for a lone top-level module, and the other modules of the part
// only move: those below the edit by its lines and characters, those around it grow. Anything else (an edit that
// touches what a module's text says beyond its definitions, or a `defmodule` line) is left to the whole read.
import type { Span } from '../parse/term';
import { NESTED_STATEMENTS, type Statement } from './module-statements';
import { mayHandOff, usesOtp } from './module-scope';
import { collectSpans, type CachedPart, type FileEdit } from './reuse';
import { newlines, spliceDefinitions, type Spliced } from './splice';
import { textFlags, touchesFlags } from './text-flags';
import type { ModuleFacts } from './types';

/** What a module's text says that makes its clauses converted whole; no edit that passes touchesFlags changes it. */
const WHOLE = new WeakMap<ModuleFacts, { otp: boolean; handOff: boolean }>();

/** Every span of a module's facts, collected once: its facts are replaced, never changed, when an edit changes them. */
const SPANS = new WeakMap<ModuleFacts, Span[]>();

type Reading = Omit<Parameters<typeof spliceDefinitions>[3], 'nested' | 'ends'>;

/**
 * The cache entry of a top-level module holding nested ones after an edit inside one of its modules' definitions;
 * undefined when the edit is not of that kind (nothing is changed then).
 */
export function spliceNested(entry: CachedPart, edit: FileEdit, reading: Reading): Spliced | undefined {
  const { oldText, text, prefix, oldEnd, delta } = edit;
  const mods = entry.part.modules;
  if (mods.length < 2 || !entry.clean || entry.part.tests.length || reading.isTest) return undefined;
  // The innermost module around the edit.
  let mod: ModuleFacts | undefined;
  for (const m of mods) if (m.span.start < prefix && oldEnd < m.span.end && (!mod || m.span.start > mod.span.start)) mod = m;
  if (!mod) return undefined;
  const top = mods[0];
  const statements = mod === top ? entry.statements : NESTED_STATEMENTS.get(mod);
  if (!statements) return undefined;
  // Whether any module uses OTP, does slow IO, receives, spawns, or where the nested modules start: all unchanged.
  if (touchesFlags(oldText, text, prefix, oldEnd, oldEnd + delta)) return undefined;
  const moves = othersMove(mods, mod, edit, reading.source.span(oldEnd + delta, oldEnd + delta).line);
  if (!moves) return undefined;
  const ancestors: [number, Statement[]][] = [];
  for (const m of mods) {
    if (m === mod || !(m.span.start < prefix && oldEnd < m.span.end)) continue;
    const list = m === top ? entry.statements : NESTED_STATEMENTS.get(m);
    if (!list) return undefined;
    ancestors.push([m.span.start, list]);
  }
  let whole = WHOLE.get(mod);
  if (!whole) WHOLE.set(mod, (whole = { otp: usesOtp(oldText, mod.span.start, mod.span.end), handOff: mayHandOff(oldText, mod.span.start, mod.span.end) }));
  const slowIo = (entry.flags ??= textFlags(edit.oldModule)).slowIo;
  const { start, end } = mod.span;
  const spliced = spliceDefinitions(entry, oldText.slice(start, end), text.slice(start, end + delta), {
    ...reading,
    ends: { prefix: prefix - start, suffix: end - oldEnd },
    nested: { mod, statements, slowIo, ...whole },
  });
  if (!spliced?.nested) return undefined;
  const { next, statements: after } = spliced.nested;
  WHOLE.set(next, whole);
  moves();
  // The statements of the modules around it: the one holding the edit grows, those after it move.
  for (const [base, list] of ancestors) {
    for (const s of list) {
      if (base + s.start >= oldEnd) {
        s.start += delta;
        s.end += delta;
      } else if (base + s.end >= oldEnd) s.end += delta;
    }
  }
  if (mod !== top) NESTED_STATEMENTS.set(next, after);
  const kept: CachedPart = { ...entry, statements: mod === top ? after : entry.statements };
  if (next === mod) return { ...spliced, entry: kept };
  // The part's spans and signature are found again when next needed.
  return { ...spliced, entry: { ...kept, part: { ...entry.part, modules: mods.map((m) => (m === mod ? next : m)) }, spans: undefined, sig: undefined } };
}

/**
 * How the spans of the part's other modules move around the edit (by whole lines: those below it start on a later
 * line, those around it end on one), applied by the returned function; undefined when one lies on the edited lines.
 */
function othersMove(mods: ModuleFacts[], edited: ModuleFacts, edit: FileEdit, newLastLine: number): (() => void) | undefined {
  const { oldText, text, prefix, oldEnd, delta } = edit;
  const from = prefix === 0 ? 0 : oldText.lastIndexOf('\n', prefix - 1) + 1;
  const nl = oldText.indexOf('\n', oldEnd);
  const to = nl === -1 ? oldText.length : nl;
  const lines = newlines(text, prefix, oldEnd + delta) - newlines(oldText, prefix, oldEnd);
  const lastLine = newLastLine - lines;
  const below: Span[] = [];
  const around: Span[] = [];
  for (const m of mods) {
    if (m === edited) continue;
    let spans = SPANS.get(m);
    if (!spans) SPANS.set(m, (spans = collectSpans(m)));
    for (const x of spans) {
      if (x.end < from) continue;
      if (x.start > to) below.push(x);
      else if (x.start <= from && x.end >= to && x.endLine > lastLine) around.push(x);
      else return undefined;
    }
  }
  return () => {
    for (const x of below) {
      x.line += lines;
      x.endLine += lines;
      x.start += delta;
      x.end += delta;
    }
    for (const x of around) {
      x.endLine += lines;
      x.end += delta;
    }
  };
}
