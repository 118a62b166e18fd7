// What reading a module keeps beside its facts, so that one of its clauses can be read again alone (splice.ts):
// its alias scope, which clauses had their last statement looked at, and the keys clauses are reused by.
import type { Term } from '../parse/term';
import { keyword } from '../parse/term-queries';
import type { FunctionClause, ModuleFacts } from './types';
import { OTP_USE } from './module-syntax';

export interface AliasScope {
  lookup: (first: string) => string | undefined;
  /** The aliases in scope as text (part of a clause's reuse key). */
  key: () => string;
}

/** Each module's alias scope, for the modules nested in it and for clauses read again. */
export const ALIAS_SCOPE = new WeakMap<ModuleFacts, AliasScope>();

/** Clauses whose last statement OTP101 has looked at (it depends on the clause's text alone). */
export const LAST_READ = new WeakSet<FunctionClause>();

/** Expands an alias as written through the aliases in scope. */
export function resolverOf(lookup: AliasScope['lookup']): (name: string) => string {
  return (n) => {
    const [first, ...rest] = n.split('.');
    const full = lookup(first);
    return full ? [full, ...rest].join('.') : n.replace(/^Elixir\./, '');
  };
}

/** Terms depend on the module (`__MODULE__`) and the aliases in scope, not only on the clause's text. */
export function clauseKey(module: string, aliasKey: string, hot: boolean, text: string): string {
  return `${module}\u0001${aliasKey}\u0001${hot}\u0001${text}`;
}

/** Whether a module's own text (before any nested module) uses an OTP behaviour: then every clause is converted. */
export function usesOtp(text: string, start: number, end: number): boolean {
  const own = text.slice(start + 9, end);
  const nested = own.search(/\bdefmodule\b/);
  return OTP_USE.test(nested === -1 ? own : own.slice(0, nested));
}

export const RECEIVE_BLOCK = /\breceive\s+do\b/;
export const SPAWNS = /\bspawn(?:_link|_monitor)?\b/;

/**
 * Whether a process may enter a receive loop of the module through clauses that name nothing watched (`start` →
 * `init` → `loop`, `count = listen(count); run(count)`, handles.ts): the module has a `receive` block. Whoever spawns
 * it (this module, a script around it, another module, iex), every clause of it is converted.
 */
export function mayHandOff(text: string, start: number, end: number): boolean {
  return RECEIVE_BLOCK.test(text.slice(start, end));
}

/** The module an `import` names, or the one a `defdelegate` forwards to (`to:`). */
export function referencedModule(kind: 'import' | 'defdelegate', t: Term): string | undefined {
  if (t.t !== 'call') return undefined;
  const m = kind === 'import' ? t.args[0] : keyword(t.args[t.args.length - 1], 'to');
  return m?.t === 'alias' ? m.name : undefined;
}
