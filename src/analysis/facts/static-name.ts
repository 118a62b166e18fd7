// The name a term gives an ETS table or a registry when it is known before run time.
import type { Term } from '../parse/term';
import type { ModuleFacts } from './types';

/** An alias's name or a static atom, written directly or through a module attribute holding one. */
export function staticName(t: Term | undefined, mod: ModuleFacts): string | undefined {
  const v = t?.t === 'attr' && !t.value ? mod.attributes.get(t.name) : t;
  if (v?.t === 'alias') return v.name;
  return v?.t === 'lit' && v.kind === 'atom' && !v.dynamic ? v.value : undefined;
}
