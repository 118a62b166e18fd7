// Every rule, in catalog order. A new rule is added here, with its test file and docs.
import type { Rule } from './define';
import otp001 from './otp001-stateless-genserver';
import otp004 from './otp004-premature-supervisor';
import otp023 from './otp023-genserver-self-call';

export const RULES: readonly Rule[] = [otp001, otp004, otp023];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id.toUpperCase() === id.toUpperCase() || r.name === id);
}
