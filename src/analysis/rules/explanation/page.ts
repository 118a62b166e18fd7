// Where a rule's page lives: its file under docs/rules (written by `npm run docs`) and its address on the web.
import type { Rule } from '../define';

export function ruleDocPath(rule: Rule): string {
  return `docs/rules/${rule.id.toLowerCase()}-${rule.name}.md`;
}

export function helpUri(rule: Rule): string {
  return `https://github.com/otp-advisor/otp-advisor/blob/main/${ruleDocPath(rule)}`;
}
