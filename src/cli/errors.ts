// The CLI's two kinds of refusal, and the rule-list option the commands share.
import { ruleById } from '../analysis/rules';
import type { Rule } from '../analysis/rules/define';

/** A wrong command line: the message, then the usage text, exit 2. */
export class UsageError extends Error {}
/** A path that cannot be read or written: one line, exit 2, no usage text (the command line was right). */
export class PathError extends Error {}

export function fail(message: string): never {
  throw new UsageError(message);
}

/** `OTP001,stateless-genserver` → the rules; an unknown id is a usage error. */
export function ruleList(flag: string, v: string): Rule[] {
  const ids = v.split(',').map((x) => x.trim()).filter(Boolean);
  if (!ids.length) throw new UsageError(`${flag} needs rule ids, e.g. ${flag} OTP001,OTP023`);
  return ids.map((id) => ruleById(id) ?? fail(`${flag}: unknown rule "${id}"; \`otp-advisor explain\` lists them`));
}
