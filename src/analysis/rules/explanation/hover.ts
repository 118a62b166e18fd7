// A rule's explanation in an editor hover over its finding: what it flags and why, no code.
import type { Rule } from '../define';

export function ruleHover(rule: Rule): string {
  return `**${rule.id} ${rule.name}** — ${rule.explanation.what}\n\n${rule.explanation.why}`;
}
