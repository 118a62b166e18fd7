// A term written back as short Elixir-like text: for messages (a timer's duration, a registry's key) and for
// comparing constant terms (`:cart` in two places gives the same text).
import type { Term } from './term';

/**
 * Literals, variables, aliases, attributes, fields, operators, calls, tuples, lists and pairs, written out
 * (collections compactly: `{:a,1}`); `other` stands for anything else, at any depth.
 */
export function termText(t: Term, other: string): string {
  const text = (x: Term) => termText(x, other);
  switch (t.t) {
    case 'lit':
      return t.value;
    case 'var':
    case 'alias':
      return t.name;
    case 'attr':
      return `@${t.name}`;
    case 'field':
      return `${text(t.of)}.${t.name}`;
    case 'op':
      return `${text(t.left)} ${t.op} ${text(t.right)}`;
    case 'call':
      return `${t.mod?.t === 'alias' ? `${t.mod.name}.` : ''}${t.name}(${t.args.map(text).join(', ')})`;
    case 'tuple':
      return `{${t.items.map(text).join(',')}}`;
    case 'list':
      return `[${t.items.map(text).join(',')}]`;
    case 'pair':
      return `${text(t.key)}:${text(t.value)}`;
    default:
      return other;
  }
}
