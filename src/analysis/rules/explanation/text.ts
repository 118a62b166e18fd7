// A rule's explanation as plain text, for a terminal (`otp-advisor explain`).
import type { Rule } from '../define';
import { justification, severities } from './defaults';

export function ruleText(rule: Rule): string {
  const indent = (s: string) => s.split('\n').map((l) => `    ${l}`).join('\n');
  return [
    `${rule.id} ${rule.name}`,
    '',
    rule.explanation.what,
    '',
    rule.explanation.why,
    '',
    `Severity: ${severities(rule)}. ${justification(rule)}`,
    ...(rule.explanation.source ? [`Source: ${rule.explanation.source}`] : []),
    '',
    'Flagged:',
    indent(rule.explanation.bad),
    '',
    'Preferred:',
    indent(rule.explanation.good),
    '',
    `Silence one occurrence with: # otp-advisor:disable-next-line ${rule.id}`,
  ].join('\n');
}
