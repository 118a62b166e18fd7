// What removing a module's process takes beyond the module itself, shared by the rewrites that turn a process
// into plain code (OTP003, OTP001): its entry in supervisor child lists, the lines of tests that start it, and a
// check that nothing else still needs the process (a mention of its name the rewrite cannot follow).
import type { ModuleFacts } from '../facts/types';
import type { Span, Term } from '../parse/term';
import { startsLine } from './text';
import type { RewriteContext, TextEdit } from './types';

/** `__MODULE__`, the module's name, or an attribute of the module set to it (`@name __MODULE__`). */
export function namesModule(t: Term | undefined, mod: ModuleFacts): boolean {
  if (t?.t === 'alias') return t.name === mod.name;
  if (t?.t === 'attr' && !t.value) {
    const v = mod.attributes.get(t.name);
    return v?.t === 'alias' && v.name === mod.name;
  }
  return false;
}

/** Removes a list element with the comma that separates it from its neighbour. */
function removeElement(file: string, text: string, el: Span): TextEdit {
  // The only element: the list closes up to `[]`.
  const open = /\[\s*$/.exec(text.slice(0, el.start));
  const close = /^\s*,?\s*\]/.exec(text.slice(el.end));
  if (open && close) return { file, start: open.index + 1, end: el.end + close[0].length - 1, newText: '' };
  // On a line of its own: the line goes (a comma left on the element before is allowed in Elixir).
  const rest = /^[ \t]*,?[ \t]*\n/.exec(text.slice(el.end));
  if (rest && startsLine(text, el.start)) return { file, start: text.lastIndexOf('\n', el.start - 1) + 1, end: el.end + rest[0].length, newText: '' };
  const after = /^\s*,\s*/.exec(text.slice(el.end));
  if (after) return { file, start: el.start, end: el.end + after[0].length, newText: '' };
  const before = /,\s*$/.exec(text.slice(0, el.start));
  return { file, start: el.start - (before?.[0].length ?? 0), end: el.end, newText: '' };
}

/** The module's entries (`Mod`, `{Mod, arg}`) in every supervisor child list of the project, removed. */
export function childEntries(ctx: RewriteContext, mod: ModuleFacts): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const other of ctx.modules) {
    const text = ctx.text(other.file) ?? '';
    for (const list of other.childLists) {
      for (const child of list.children ?? []) {
        const named = child.t === 'alias' ? child : child.t === 'tuple' && child.items.length === 2 ? child.items[0] : undefined;
        if (named?.t === 'alias' && named.name === mod.name) edits.push(removeElement(other.file, text, child.span));
      }
    }
  }
  return edits;
}

export const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The names a file may write the module under: its full name, and the last part after `alias Full.Name`. */
function namesIn(text: string, mod: ModuleFacts): string[] {
  const aliased = new RegExp(`\\balias ${escape(mod.name)}\\b(?!\\.)(?!, as:)`).test(text);
  return aliased ? [mod.name, mod.name.split('.').pop()!] : [mod.name];
}

/**
 * The lines of test scripts that start the module and keep nothing of the result: `start_supervised!(Mod)`,
 * `start_supervised({Mod, x})`, `Mod.start_link(...)`, each alone or matched against `{:ok, _}`. A line that is
 * the only statement of its block (`setup do ... end`) becomes `:ok`, which a setup block must still return.
 */
export function testStarts(ctx: RewriteContext, mod: ModuleFacts): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const file of ctx.files.filter((f) => f.endsWith('.exs'))) {
    const text = ctx.text(file) ?? '';
    const name = `(?:${namesIn(text, mod).map(escape).join('|')})`;
    const line = new RegExp(
      `^([ \\t]*)(?:\\{:ok, _\\w*\\} = )?(?:start_supervised!?\\((?:${name}|\\{${name},[^\\n]*\\})\\)|${name}\\.start_link\\([^\\n]*\\))[ \\t]*\\n`,
      'gm',
    );
    for (const m of text.matchAll(line)) {
      const start = m.index!;
      const end = start + m[0].length;
      const before = text.slice(0, start).trimEnd();
      const alone = /\bdo$/.test(before) && /^[ \t]*end\b/.test(text.slice(end));
      edits.push({ file, start, end, newText: alone ? `${m[1]}:ok\n` : '' });
    }
  }
  return edits;
}

/**
 * Every mention of the module's name (or of `also`, e.g. the atom it is registered under) must be its
 * definition, an alias directive, a call of one of its functions other than its start, a `to:` of defdelegate,
 * or inside an edit: otherwise something still needs the process.
 */
export function unexplainedMention(ctx: RewriteContext, mod: ModuleFacts, edits: TextEdit[], also?: string): string | undefined {
  for (const file of ctx.files) {
    const text = ctx.text(file) ?? '';
    const names = namesIn(text, mod).map(escape);
    const name = new RegExp(`(?<![\\w.])(?:${names.join('|')})\\b(?!\\.[A-Z])${also ? `|(?<![\\w:])${escape(also)}(?![\\w?!])` : ''}`, 'g');
    for (const m of text.matchAll(name)) {
      const at = m.index!;
      const end = at + m[0].length;
      if (edits.some((e) => e.file === file && e.start <= at && end <= e.end)) continue;
      const before = text.slice(Math.max(0, at - 10), at);
      const after = text.slice(end, end + 40);
      if (/(?:defmodule|alias) $/.test(before) || /to: $/.test(before)) continue;
      const call = /^\.([a-z_]\w*[?!]?)/.exec(after);
      if (call && !['start_link', 'start', 'child_spec'].includes(call[1])) continue;
      return `${file} mentions ${m[0]} in a way the rewrite cannot follow`;
    }
  }
  return undefined;
}
