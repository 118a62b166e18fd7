// Reading children through a TreeCursor: each step is one call into wasm, where each method of a `Node`
// first copies the node into wasm memory and hands back new node objects.
import type { Language, TreeCursor } from './parser';

export interface Child {
  type: string;
  field: string | null;
  named: boolean;
  /** Offsets into the source (UTF-16 code units); -1 for anonymous children, whose extent is not read. */
  start: number;
  end: number;
}

/** Node type id → named?, per grammar: one wasm call per type instead of one per node. */
const NAMED = new WeakMap<Language, boolean[]>();

/**
 * Runs `each` with the cursor on each named child of the node under it (comments skipped), and puts the
 * cursor back. Anonymous children (punctuation, keywords, operators) are passed only with `withAnonymous`;
 * with `only`, children of other types are skipped after one read.
 */
export function isNamedType(language: Language, id: number): boolean {
  const named = namedTable(language);
  return (named[id] ??= language.nodeTypeIsNamed(id));
}

function namedTable(language: Language): boolean[] {
  let named = NAMED.get(language);
  if (!named) NAMED.set(language, (named = []));
  return named;
}

export function eachChild(c: TreeCursor, language: Language, each: (k: Child) => void, withAnonymous = false, only?: string): void {
  if (!c.gotoFirstChild()) return;
  const named = namedTable(language);
  do {
    const id = c.nodeTypeId;
    const isNamed = (named[id] ??= language.nodeTypeIsNamed(id));
    if (!isNamed && !withAnonymous) continue;
    const type = language.types[id] ?? 'ERROR';
    if (type === 'comment' || (only !== undefined && type !== only)) continue;
    const fieldId = c.currentFieldId;
    const field = fieldId ? (language.fields[fieldId] ?? null) : null;
    if (isNamed) each({ type, field, named: true, start: c.startIndex, end: c.endIndex });
    else each({ type, field, named: false, start: -1, end: -1 });
  } while (c.gotoNextSibling());
  c.gotoParent();
}

/** The text of the call's target under the cursor when it is a plain identifier (`def`, `use`, `test`). */
export function calleeAt(c: TreeCursor, language: Language, text: string): string | undefined {
  if (!c.gotoFirstChild()) return undefined;
  let name: string | undefined;
  if (language.types[c.nodeTypeId] === 'identifier' && language.fields[c.currentFieldId] === 'target') name = text.slice(c.startIndex, c.endIndex);
  c.gotoParent();
  return name;
}

/**
 * Moves to the first named (non-comment) child, of type `type` when given, and returns its type. When there
 * is none the cursor does not move and the result is undefined; otherwise the caller goes back up.
 */
export function gotoNamedChild(c: TreeCursor, language: Language, type?: string): string | undefined {
  if (!c.gotoFirstChild()) return undefined;
  const named = namedTable(language);
  do {
    const id = c.nodeTypeId;
    if (!(named[id] ??= language.nodeTypeIsNamed(id))) continue;
    const t = language.types[id] ?? 'ERROR';
    if (t === 'comment' || (type !== undefined && t !== type)) continue;
    return t;
  } while (c.gotoNextSibling());
  c.gotoParent();
  return undefined;
}
