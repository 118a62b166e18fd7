// Every rule, in catalog order. A new rule is added here, with its test file and docs.
import type { Rule } from './define';
import otp001 from './otp001-stateless-genserver';
import otp002 from './otp002-trivial-state-genserver';
import otp003 from './otp003-agent-for-constant-state';
import otp004 from './otp004-premature-supervisor';
import otp020 from './otp020-scattered-process-interface';
import otp023 from './otp023-genserver-self-call';

export const RULES: readonly Rule[] = [otp001, otp002, otp003, otp004, otp020, otp023];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id.toUpperCase() === id.toUpperCase() || r.name === id);
}
